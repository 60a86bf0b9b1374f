/** Spans already reported, kept sorted: an overlap check is a binary search, not a walk over every match. */
export class TakenSpans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Records the span unless it overlaps one already taken. */
  take(start: number, end: number): boolean {
    // Taken spans never overlap, so their ends are sorted too: find the first that ends after `start`.
    let low = 0;
    let high = this.ends.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.ends[middle]! <= start) low = middle + 1;
      else high = middle;
    }
    if (low < this.starts.length && this.starts[low]! < end) return false;
    this.starts.splice(low, 0, start);
    this.ends.splice(low, 0, end);
    return true;
  }
}
