;; The access-log fast path's reading of a block (accessFastPath.ts, line for line), in WebAssembly:
;; a JavaScript loop paid a bounds check on every byte of every line. It writes one record per line,
;; or per run of empty lines: an ordinary line with what the count needs, a line for the full parse,
;; or the run's length. Where the answer needs JavaScript (a new minute's time, a field's value the keyword walk
;; cannot clear, a remembered value not yet judged) it asks through the imports.
;; Compiled by `npm run wasm` into accessKernelWasm.ts; the layout is accessKernel.ts's.
(module
  (import "k" "memory" (memory 1))
  ;; A new minute: the CLF time at t read in JavaScript; its index there, or -1 when it does not read.
  (import "k" "minute" (func $minute (param i32) (result i32)))
  ;; A request from an IPv4 address (as a number) at a second (from the count's base) that the
  ;; address table here cannot hold: JavaScript counts it.
  (import "k" "address" (func $address (param i32 i32)))
  ;; Path (0) or query (1) the walk could not clear: 1 when quiet. `ampersand`: plain but for an `&`.
  (import "k" "askQuiet" (func $askQuiet (param i32 i32 i32 i32) (result i32)))
  ;; Referrer (2) or user agent (3) not remembered: 1 when quiet.
  (import "k" "judge" (func $judge (param i32 i32 i32) (result i32)))
  ;; An `&` and the name after it, in the path (0) or query (1), not remembered: 1 when entity
  ;; decoding leaves it as it is.
  (import "k" "entityFree" (func $entityFree (param i32 i32 i32) (result i32)))

  ;; Layout: status flags at 0 (1 = the full parse), the bytes that keep a path (1024) or query (1280)
  ;; from being plain, their class offsets (1536, 2048; 16 bits each), the last minute's CLF bytes
  ;; (2560), and words from 2592: per walked field (path, query) table, start row, threshold and
  ;; `+` as space; the fields with rules (2624, a bit per field); the referrer's and user agent's
  ;; remembered values (2628, 2632); whether a minute is held (2636) and its index (2640); where the
  ;; last scan stopped (2644); the `&` names remembered (2648); and the count kept here (2652–2732,
  ;; see $counted).

  ;; The first index in [i, e) whose byte is `byte`, or e (i when i is past e). Sixteen bytes at a
  ;; time: a block is followed by 16 bytes of `\n`, so a load never leaves the memory in use.
  (func $toByte (param $i i32) (param $e i32) (param $byte i32) (result i32)
    (local $needle v128) (local $mask i32)
    (if (i32.ge_u (local.get $i) (local.get $e)) (then (return (local.get $i))))
    (local.set $needle (i8x16.splat (local.get $byte)))
    (loop $next
      (local.set $mask (i8x16.bitmask (i8x16.eq (v128.load (local.get $i)) (local.get $needle))))
      (if (local.get $mask)
        (then
          (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $mask))))
          (return (select (local.get $i) (local.get $e) (i32.lt_u (local.get $i) (local.get $e))))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $e))))
    (local.get $e))

  ;; Whether the n bytes at a equal those at b: sixteen at a time, the last sixteen overlapping.
  (func $same (param $a i32) (param $b i32) (param $n i32) (result i32)
    (if (i32.ge_u (local.get $n) (i32.const 16))
      (then
        (block $tail
          (loop $chunks
            (br_if $tail (i32.le_u (local.get $n) (i32.const 16)))
            (if (v128.any_true (v128.xor (v128.load (local.get $a)) (v128.load (local.get $b)))) (then (return (i32.const 0))))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (local.set $n (i32.sub (local.get $n) (i32.const 16)))
            (br $chunks)))
        (return (i32.eqz (v128.any_true (v128.xor
          (v128.load (i32.sub (i32.add (local.get $a) (local.get $n)) (i32.const 16)))
          (v128.load (i32.sub (i32.add (local.get $b) (local.get $n)) (i32.const 16)))))))))
    (block $tail
      (loop $words
        (br_if $tail (i32.lt_u (local.get $n) (i32.const 8)))
        (if (i64.ne (i64.load (local.get $a)) (i64.load (local.get $b))) (then (return (i32.const 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $n (i32.sub (local.get $n) (i32.const 8)))
        (br $words)))
    (block $done
      (loop $bytes
        (br_if $done (i32.eqz (local.get $n)))
        (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b))) (then (return (i32.const 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $bytes)))
    (i32.const 1))

  ;; Whether the `&` at `at` starts no character reference, in the path (0) or query (1) ending at e.
  ;; Entity decoding (decodeHTML) reads a named reference from the `&` through its name (letters and
  ;; digits) and, for a name that needs one, the `;` after it; a legacy name (`&amp`, `&not`) decodes
  ;; whatever follows. So the token of the `&`, the name and the byte after it decodes the same alone
  ;; as in the value, and its verdict is remembered by its bytes (256 slots of 64 bytes: length |
  ;; field << 16, verdict, the token). That holds of the decoder, not of every version of it
  ;; (entities 7.0.1 read on past some names): accessKernel.test.ts checks it of the one installed.
  ;; A numeric reference (`&#`) or a name over 32 characters (no entity's is over 31) is left to
  ;; JavaScript, with the whole value.
  (func $tokenFree (param $field i32) (param $at i32) (param $e i32) (result i32)
    (local $i i32) (local $c i32) (local $end i32) (local $length i32) (local $slot i32) (local $key i32) (local $k i32) (local $free i32)
    (local.set $i (i32.add (local.get $at) (i32.const 1)))
    (if (i32.and (i32.lt_u (local.get $i) (local.get $e)) (i32.eq (i32.load8_u (local.get $i)) (i32.const 35))) (then (return (i32.const 0))))
    (block $name
      (loop $letter
        (br_if $name (i32.ge_u (local.get $i) (local.get $e)))
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $name (i32.eqz (i32.or (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))
                                      (i32.le_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 25)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $letter (i32.le_u (i32.sub (local.get $i) (local.get $at)) (i32.const 33)))
        (return (i32.const 0))))
    ;; The token: the `&`, the name, and the byte after it where there is one.
    (local.set $end (select (i32.add (local.get $i) (i32.const 1)) (local.get $e) (i32.lt_u (local.get $i) (local.get $e))))
    (local.set $length (i32.sub (local.get $end) (local.get $at)))
    (local.set $key (i32.or (local.get $length) (i32.shl (local.get $field) (i32.const 16))))
    (local.set $slot (i32.const 0x811c9dc5))
    (local.set $k (local.get $at))
    (block $hashed
      (loop $byte
        (br_if $hashed (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $slot (i32.mul (i32.xor (local.get $slot) (i32.load8_u (local.get $k))) (i32.const 0x01000193)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $byte)))
    (local.set $slot (i32.add (i32.load (i32.const 2648))
      (i32.shl (i32.and (i32.xor (local.get $slot) (i32.shr_u (local.get $slot) (i32.const 16))) (i32.const 255)) (i32.const 6))))
    (if (i32.eq (i32.load (local.get $slot)) (local.get $key))
      (then
        (if (call $same (local.get $at) (i32.add (local.get $slot) (i32.const 8)) (local.get $length))
          (then (return (i32.load offset=4 (local.get $slot)))))))
    (local.set $free (call $entityFree (local.get $field) (local.get $at) (local.get $end)))
    (i32.store (local.get $slot) (local.get $key))
    (i32.store offset=4 (local.get $slot) (local.get $free))
    (memory.copy (i32.add (local.get $slot) (i32.const 8)) (local.get $at) (local.get $length))
    (local.get $free))

  ;; QuietField.plainWithoutKeyword's walk over [s, e): 0 when the value is not plain or holds a
  ;; keyword, 1 when plain without one, 2 when so but for an `&` that may start a character reference
  ;; (JavaScript decodes the value to tell).
  (func $walk (param $field i32) (param $s i32) (param $e i32) (result i32)
    (local $config i32) (local $table i32) (local $row i32) (local $threshold i32) (local $plus i32)
    (local $notPlain i32) (local $classes i32) (local $c i32) (local $previous i32) (local $ampersand i32)
    (local.set $config (i32.add (i32.const 2592) (i32.shl (local.get $field) (i32.const 4))))
    (local.set $table (i32.load (local.get $config)))
    (local.set $row (i32.load offset=4 (local.get $config)))
    (local.set $threshold (i32.load offset=8 (local.get $config)))
    (local.set $plus (i32.load offset=12 (local.get $config)))
    (local.set $notPlain (i32.add (i32.const 1024) (i32.shl (local.get $field) (i32.const 8))))
    (local.set $classes (i32.add (i32.const 1536) (i32.shl (local.get $field) (i32.const 9))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $s) (local.get $e)))
        (local.set $c (i32.load8_u (local.get $s)))
        (if (i32.and (i32.eq (local.get $c) (i32.const 43)) (local.get $plus)) (then (local.set $c (i32.const 32))))
        (if (i32.load8_u (i32.add (local.get $notPlain) (local.get $c)))
          (then
            ;; A space is plain unless doubled; an `&` is plain when it starts no entity.
            (if (i32.or (i32.ne (local.get $c) (i32.const 32)) (i32.eq (local.get $previous) (i32.const 32)))
              (then
                (if (i32.ne (local.get $c) (i32.const 38)) (then (return (i32.const 0))))
                ;; One `&` JavaScript must look at is enough to ask it of the whole value.
                (if (i32.eqz (local.get $ampersand))
                  (then (if (i32.eqz (call $tokenFree (local.get $field) (local.get $s) (local.get $e))) (then (local.set $ampersand (i32.const 1))))))))))
        ;; `/*` starts an SQL comment, which decoding drops.
        (if (i32.and (i32.eq (local.get $c) (i32.const 42)) (i32.eq (local.get $previous) (i32.const 47))) (then (return (i32.const 0))))
        (local.set $row
          (i32.load (i32.add (local.get $table)
            (i32.add (local.get $row) (i32.load16_u (i32.add (local.get $classes) (i32.shl (local.get $c) (i32.const 1))))))))
        (if (i32.ge_s (local.get $row) (local.get $threshold)) (then (return (i32.const 0))))
        (local.set $previous (local.get $c))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $next)))
    (i32.add (i32.const 1) (local.get $ampersand)))

  ;; Whether no rule can match the path (0) or query (1) at [s, e).
  (func $walkedQuiet (param $field i32) (param $s i32) (param $e i32) (result i32)
    (local $walked i32)
    (if (i32.eqz (i32.and (i32.load (i32.const 2624)) (i32.shl (i32.const 1) (local.get $field)))) (then (return (i32.const 1))))
    (if (i32.eq (local.get $s) (local.get $e)) (then (return (i32.const 1))))
    (local.set $walked (call $walk (local.get $field) (local.get $s) (local.get $e)))
    (if (i32.eq (local.get $walked) (i32.const 1)) (then (return (i32.const 1))))
    (call $askQuiet (local.get $field) (local.get $s) (local.get $e) (i32.eq (local.get $walked) (i32.const 2))))

  ;; Whether no rule can match the referrer (2) or user agent (3) at [s, e): QuietField.remembered,
  ;; its verdicts kept here (lengths at the cache, 1024 words, -1 for none; verdicts at +4096; which
  ;; of a pair's two slots a new value takes next, the one used least recently, at +5120; the values,
  ;; 512 bytes each, at +8192).
  ;; A value may sit in either slot of its pair: two that share a pair no longer push each other
  ;; out on every line, each one asked of JavaScript again (a shop's `/home` and `/sale` referrers
  ;; did under a hash of five sampled bytes).
  (func $rememberedQuiet (param $field i32) (param $s i32) (param $e i32) (result i32)
    (local $cache i32) (local $length i32) (local $mixed i64) (local $pair i32) (local $slot i32) (local $quiet i32) (local $at i32)
    (if (i32.eqz (i32.and (i32.load (i32.const 2624)) (i32.shl (i32.const 1) (local.get $field)))) (then (return (i32.const 1))))
    (local.set $length (i32.sub (local.get $e) (local.get $s)))
    (if (i32.eqz (local.get $length)) (then (return (i32.const 1))))
    ;; A value logged as `-`: none.
    (if (i32.and (i32.eq (local.get $length) (i32.const 1)) (i32.eq (i32.load8_u (local.get $s)) (i32.const 45))) (then (return (i32.const 1))))
    (local.set $cache (i32.load (i32.add (i32.const 2620) (i32.shl (local.get $field) (i32.const 2)))))
    ;; The hash of all its bytes, eight at a time (the last eight overlapping; a value shorter than
    ;; eight masked to its own bytes: the load stays within the block and the 16 bytes after it).
    ;; Desktop Chrome's user agents differ only in the version mid-string: a hash of some bytes put
    ;; every version in one pair, and three of them in a log sent every line to JavaScript.
    (local.set $mixed (i64.mul (i64.extend_i32_u (local.get $length)) (i64.const 0x9e3779b97f4a7c15)))
    (if (i32.ge_u (local.get $length) (i32.const 8))
      (then
        (local.set $at (local.get $s))
        (block $hashed
          (loop $words
            (br_if $hashed (i32.gt_u (i32.add (local.get $at) (i32.const 8)) (local.get $e)))
            (local.set $mixed (i64.rotl (i64.mul (i64.xor (local.get $mixed) (i64.load (local.get $at))) (i64.const 0x9e3779b97f4a7c15)) (i64.const 29)))
            (local.set $at (i32.add (local.get $at) (i32.const 8)))
            (br $words)))
        (local.set $mixed (i64.xor (local.get $mixed) (i64.load (i32.sub (local.get $e) (i32.const 8))))))
      (else
        (local.set $mixed
          (i64.xor (local.get $mixed)
            (i64.and (i64.load (local.get $s))
              (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $length) (i32.const 3)))) (i64.const 1)))))))
    (local.set $mixed (i64.mul (i64.xor (local.get $mixed) (i64.shr_u (local.get $mixed) (i64.const 31))) (i64.const 0x9e3779b97f4a7c15)))
    (local.set $mixed (i64.mul (i64.xor (local.get $mixed) (i64.shr_u (local.get $mixed) (i64.const 29))) (i64.const 0xbf58476d1ce4e5b9)))
    (local.set $pair (i32.and (i32.wrap_i64 (i64.shr_u (local.get $mixed) (i64.const 32))) (i32.const 1022)))
    (local.set $slot (local.get $pair))
    (block $missed
      (loop $look
        (if (i32.eq (i32.load (i32.add (local.get $cache) (i32.shl (local.get $slot) (i32.const 2)))) (local.get $length))
          (then
            (if (call $same (local.get $s) (i32.add (i32.add (local.get $cache) (i32.const 8192)) (i32.shl (local.get $slot) (i32.const 9))) (local.get $length))
              (then
                ;; The pair's other slot is the one a new value takes: the least recently used.
                (i32.store8 offset=5120 (i32.add (local.get $cache) (i32.shr_u (local.get $pair) (i32.const 1)))
                  (i32.xor (i32.and (local.get $slot) (i32.const 1)) (i32.const 1)))
                (return (i32.load8_u offset=4096 (i32.add (local.get $cache) (local.get $slot))))))))
        (br_if $missed (i32.ne (local.get $slot) (local.get $pair)))
        (local.set $slot (i32.add (local.get $pair) (i32.const 1)))
        (br $look)))
    (local.set $quiet (call $judge (local.get $field) (local.get $s) (local.get $e)))
    ;; A slot holds 512 bytes: a longer value is judged each time, never copied over the next slot.
    (if (i32.le_u (local.get $length) (i32.const 512))
      (then
        ;; An empty slot of the pair, else the one used least recently.
        (local.set $slot
          (if (result i32) (i32.lt_s (i32.load (i32.add (local.get $cache) (i32.shl (local.get $pair) (i32.const 2)))) (i32.const 0))
            (then (local.get $pair))
            (else
              (if (result i32) (i32.lt_s (i32.load offset=4 (i32.add (local.get $cache) (i32.shl (local.get $pair) (i32.const 2)))) (i32.const 0))
                (then (i32.add (local.get $pair) (i32.const 1)))
                (else
                  (i32.add (local.get $pair) (i32.load8_u offset=5120 (i32.add (local.get $cache) (i32.shr_u (local.get $pair) (i32.const 1))))))))))
        (i32.store8 offset=5120 (i32.add (local.get $cache) (i32.shr_u (local.get $pair) (i32.const 1)))
          (i32.xor (i32.and (local.get $slot) (i32.const 1)) (i32.const 1)))
        (memory.copy (i32.add (i32.add (local.get $cache) (i32.const 8192)) (i32.shl (local.get $slot) (i32.const 9))) (local.get $s) (local.get $length))
        (i32.store (i32.add (local.get $cache) (i32.shl (local.get $slot) (i32.const 2))) (local.get $length))
        (i32.store8 offset=4096 (i32.add (local.get $cache) (local.get $slot)) (local.get $quiet))))
    (local.get $quiet))

  ;; The second (0–59) of the CLF time at t, its minute looked up when it is not the last one read;
  ;; -1 when the time does not read (a leap second among them).
  (func $second (param $t i32) (result i32)
    (local $s0 i32) (local $s1 i32) (local $index i32)
    (local.set $s0 (i32.sub (i32.load8_u offset=18 (local.get $t)) (i32.const 48)))
    (local.set $s1 (i32.sub (i32.load8_u offset=19 (local.get $t)) (i32.const 48)))
    (if (i32.or (i32.ne (i32.load8_u offset=17 (local.get $t)) (i32.const 58))
          (i32.or (i32.gt_u (local.get $s0) (i32.const 5)) (i32.gt_u (local.get $s1) (i32.const 9))))
      (then (return (i32.const -1))))
    (if (i32.load (i32.const 2636))
      (then
        (if (i32.and
              (i32.and (i64.eq (i64.load (local.get $t)) (i64.load (i32.const 2560)))
                       (i64.eq (i64.load offset=8 (local.get $t)) (i64.load (i32.const 2568))))
              (i32.and (i32.eq (i32.load8_u offset=16 (local.get $t)) (i32.load8_u (i32.const 2576)))
                       (i32.and (i32.eq (i32.load offset=20 (local.get $t)) (i32.load (i32.const 2580)))
                                (i32.eq (i32.load16_u offset=24 (local.get $t)) (i32.load16_u (i32.const 2584))))))
          (then (return (i32.add (i32.mul (local.get $s0) (i32.const 10)) (local.get $s1)))))))
    (local.set $index (call $minute (local.get $t)))
    (if (i32.lt_s (local.get $index) (i32.const 0)) (then (return (i32.const -1))))
    (memory.copy (i32.const 2560) (local.get $t) (i32.const 26))
    (i32.store (i32.const 2636) (i32.const 1))
    (i32.store (i32.const 2640) (local.get $index))
    ;; The new minute's first ordinary line is recorded: JavaScript opens the minute with its time.
    (i32.store (i32.const 2680) (i32.const 1))
    (i32.add (i32.mul (local.get $s0) (i32.const 10)) (local.get $s1)))

  ;; plainIpv4: the address at [s, e) as a number (low 32 bits) when it is a.b.c.d as the tally keeps
  ;; it, or -1.
  (func $plainIpv4 (param $s i32) (param $e i32) (result i64)
    (local $value i32) (local $part i32) (local $digits i32) (local $dots i32) (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $s) (local.get $e)))
        (local.set $c (i32.load8_u (local.get $s)))
        (if (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))
          (then
            ;; A second digit after a leading 0 is a spelling the tally keeps apart (`010.0.0.1`).
            (if (i32.and (i32.eq (local.get $digits) (i32.const 1)) (i32.eqz (local.get $part))) (then (return (i64.const -1))))
            (local.set $part (i32.add (i32.mul (local.get $part) (i32.const 10)) (i32.sub (local.get $c) (i32.const 48))))
            (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
            (if (i32.gt_u (local.get $part) (i32.const 255)) (then (return (i64.const -1)))))
          (else
            (if (i32.and (i32.eq (local.get $c) (i32.const 46))
                  (i32.and (i32.gt_u (local.get $digits) (i32.const 0)) (i32.lt_u (local.get $dots) (i32.const 3))))
              (then
                (local.set $value (i32.or (i32.shl (local.get $value) (i32.const 8)) (local.get $part)))
                (local.set $part (i32.const 0))
                (local.set $digits (i32.const 0))
                (local.set $dots (i32.add (local.get $dots) (i32.const 1))))
              (else (return (i64.const -1))))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $next)))
    (if (result i64) (i32.and (i32.eq (local.get $dots) (i32.const 3)) (i32.gt_u (local.get $digits) (i32.const 0)))
      (then (i64.extend_i32_u (i32.or (i32.shl (local.get $value) (i32.const 8)) (local.get $part))))
      (else (i64.const -1))))

  ;; pathHash: FNV-1a of [s, e).
  (func $fnv (param $s i32) (param $e i32) (result i32)
    (local $hash i32)
    (local.set $hash (i32.const 0x811c9dc5))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $s) (local.get $e)))
        (local.set $hash (i32.mul (i32.xor (local.get $hash) (i32.load8_u (local.get $s))) (i32.const 0x01000193)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $next)))
    (local.get $hash))

  ;; Counting an ordinary line here, as AccessCounts.count would, without a record: its minute's
  ;; requests (2704: a word per minute index, 4,100 of them) and its format (2692 combined, 2696
  ;; common: this call's), and its address staged for the table (see $stage). 2652: bit 0 counting
  ;; here at all (no time window), bits 1 and 2 a combined and a common line counted already (the
  ;; formats are named in the order met). The held minute: 2676 1 when its seconds fit the table's
  ;; words, 2680 1 while its first ordinary line is still to be recorded (JavaScript makes the
  ;; minute from it), 2684 its first second from the count's base. 2688: lines counted here since
  ;; the last record. 0 for a line JavaScript counts: not IPv4, a 404 (its path counts for
  ;; scanning), a new minute or format.
  (func $counted (param $address i64) (param $second i32) (param $status i32) (param $combined i32) (result i32)
    (local $flags i32) (local $index i32) (local $at i32)
    (local.set $flags (i32.load (i32.const 2652)))
    (if (i32.eqz (i32.and (local.get $flags) (i32.const 1))) (then (return (i32.const 0))))
    (if (i32.or (i32.load (i32.const 2680)) (i32.eqz (i32.load (i32.const 2676)))) (then (return (i32.const 0))))
    (if (i32.or (i64.lt_s (local.get $address) (i64.const 0)) (i32.eq (local.get $status) (i32.const 404))) (then (return (i32.const 0))))
    (if (i32.eqz (i32.and (local.get $flags) (select (i32.const 2) (i32.const 4) (local.get $combined)))) (then (return (i32.const 0))))
    (local.set $index (i32.load (i32.const 2640)))
    (if (i32.ge_u (local.get $index) (i32.const 4100)) (then (return (i32.const 0))))
    (call $stage (i32.wrap_i64 (local.get $address)) (i32.add (i32.load (i32.const 2684)) (local.get $second)))
    (local.set $at (i32.add (i32.load (i32.const 2704)) (i32.shl (local.get $index) (i32.const 2))))
    (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
    (local.set $at (select (i32.const 2692) (i32.const 2696) (local.get $combined)))
    (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
    (i32.const 1))

  ;; A line's address, second and address hash (16 bytes), kept until $countStaged (2712: where,
  ;; 2716: how many, 2720: room for). Counted one by one, each address's entry was a cache miss: a busy log's tens of thousands
  ;; of addresses come in no order, and the table is 2 MB. Counted by partition, each partition's
  ;; 32 KB of the table stays in cache while its lines are counted.
  (func $stage (param $key i32) (param $second i32)
    (local $at i32)
    (local.set $at (i32.add (i32.load (i32.const 2712)) (i32.shl (i32.load (i32.const 2716)) (i32.const 4))))
    (i32.store (local.get $at) (local.get $key))
    (i32.store offset=4 (local.get $at) (local.get $second))
    ;; Hashed once here: the sort and the count both need it.
    (i32.store offset=8 (local.get $at) (call $hashOf (local.get $key)))
    (i32.store (i32.const 2716) (i32.add (i32.load (i32.const 2716)) (i32.const 1)))
    (if (i32.ge_u (i32.load (i32.const 2716)) (i32.load (i32.const 2720))) (then (call $countStaged))))

  ;; An address's hash, seeded (2672: a log cannot be written ahead to put its addresses in one
  ;; partition); MurmurHash3's finalizer. Its top 6 bits pick the partition, its low 11 the slot.
  (func $hashOf (param $key i32) (result i32)
    (local $hash i32)
    (local.set $hash (i32.xor (local.get $key) (i32.load (i32.const 2672))))
    (local.set $hash (i32.mul (i32.xor (local.get $hash) (i32.shr_u (local.get $hash) (i32.const 16))) (i32.const 0x85ebca6b)))
    (local.set $hash (i32.mul (i32.xor (local.get $hash) (i32.shr_u (local.get $hash) (i32.const 13))) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $hash) (i32.shr_u (local.get $hash) (i32.const 16))))

  ;; Counts the staged lines, partition by partition: sorted by partition into 2724 (offsets at
  ;; 2728, 64 words), then each counted in its partition of the table (2656: 64 partitions of 2,048
  ;; slots of 16 bytes: address, requests (0: empty), first and last second; 2732: entries per
  ;; partition, at most 1,024). Ipv4Totals.add's count, by open addressing; an address not placed
  ;; within 32 slots, in a partition at its limit, or with 2^31 - 1 requests already goes to
  ;; JavaScript.
  (func $countStaged (export "countStaged")
    (local $n i32) (local $i i32) (local $at i32) (local $partition i32) (local $offsets i32) (local $sum i32)
    (local $held i32) (local $entry i32) (local $key i32) (local $second i32) (local $hash i32) (local $probe i32)
    (local $slice i32) (local $requests i32)
    (local.set $n (i32.load (i32.const 2716)))
    (if (i32.eqz (local.get $n)) (then (return)))
    (local.set $offsets (i32.load (i32.const 2728)))
    (memory.fill (local.get $offsets) (i32.const 0) (i32.const 256))
    (block $counted
      (loop $entries
        (br_if $counted (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.add (local.get $offsets) (i32.shl (i32.shr_u (i32.load offset=8 (i32.add (i32.load (i32.const 2712)) (i32.shl (local.get $i) (i32.const 4)))) (i32.const 26)) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $entries)))
    (block $summed
      (loop $partitions
        (br_if $summed (i32.ge_u (local.get $partition) (i32.const 64)))
        (local.set $at (i32.add (local.get $offsets) (i32.shl (local.get $partition) (i32.const 2))))
        (local.set $held (i32.load (local.get $at)))
        (i32.store (local.get $at) (local.get $sum))
        (local.set $sum (i32.add (local.get $sum) (local.get $held)))
        (local.set $partition (i32.add (local.get $partition) (i32.const 1)))
        (br $partitions)))
    (local.set $i (i32.const 0))
    (block $sorted
      (loop $entries
        (br_if $sorted (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $entry (i32.add (i32.load (i32.const 2712)) (i32.shl (local.get $i) (i32.const 4))))
        (local.set $at (i32.add (local.get $offsets) (i32.shl (i32.shr_u (i32.load offset=8 (local.get $entry)) (i32.const 26)) (i32.const 2))))
        (v128.store (i32.add (i32.load (i32.const 2724)) (i32.shl (i32.load (local.get $at)) (i32.const 4))) (v128.load (local.get $entry)))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $entries)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $entry (i32.add (i32.load (i32.const 2724)) (i32.shl (local.get $i) (i32.const 4))))
        (local.set $key (i32.load (local.get $entry)))
        (local.set $second (i32.load offset=4 (local.get $entry)))
        (local.set $hash (i32.load offset=8 (local.get $entry)))
        (local.set $partition (i32.shr_u (local.get $hash) (i32.const 26)))
        (local.set $slice (i32.add (i32.load (i32.const 2656)) (i32.shl (local.get $partition) (i32.const 15))))
        (local.set $probe (i32.const 0))
        (block $placed
          (block $elsewhere
            (loop $slots
              (br_if $elsewhere (i32.ge_u (local.get $probe) (i32.const 32)))
              (local.set $at (i32.add (local.get $slice) (i32.shl (i32.and (i32.add (local.get $hash) (local.get $probe)) (i32.const 2047)) (i32.const 4))))
              (local.set $requests (i32.load offset=4 (local.get $at)))
              (if (i32.eqz (local.get $requests))
                (then
                  (local.set $held (i32.add (i32.load (i32.const 2732)) (i32.shl (local.get $partition) (i32.const 2))))
                  (br_if $elsewhere (i32.ge_u (i32.load (local.get $held)) (i32.const 1024)))
                  (i32.store (local.get $held) (i32.add (i32.load (local.get $held)) (i32.const 1)))
                  (i32.store (local.get $at) (local.get $key))
                  (i32.store offset=4 (local.get $at) (i32.const 1))
                  (i32.store offset=8 (local.get $at) (local.get $second))
                  (i32.store offset=12 (local.get $at) (local.get $second))
                  (br $placed)))
              (if (i32.eq (i32.load (local.get $at)) (local.get $key))
                (then
                  (br_if $elsewhere (i32.eq (local.get $requests) (i32.const 0x7fffffff)))
                  (i32.store offset=4 (local.get $at) (i32.add (local.get $requests) (i32.const 1)))
                  (if (i32.lt_s (local.get $second) (i32.load offset=8 (local.get $at))) (then (i32.store offset=8 (local.get $at) (local.get $second))))
                  (if (i32.gt_s (local.get $second) (i32.load offset=12 (local.get $at))) (then (i32.store offset=12 (local.get $at) (local.get $second))))
                  (br $placed)))
              (local.set $probe (i32.add (local.get $probe) (i32.const 1)))
              (br $slots)))
          (call $address (local.get $key) (local.get $second)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $entries)))
    (i32.store (i32.const 2716) (i32.const 0)))

  ;; AccessFastPath.ordinaryLine's reading of the line [s, e): 1, with the record at `record` written,
  ;; when it is ordinary; 2 (nothing written) when it is ordinary and counted here; 0 (nothing
  ;; written) when it goes the full way.
  ;;   host ident authuser [time] "request" status bytes ["referrer" "user agent" …]
  (func $ordinary (param $s i32) (param $e i32) (param $record i32) (result i32)
    (local $ipEnd i32) (local $identEnd i32) (local $userEnd i32) (local $t i32) (local $second i32)
    (local $requestAt i32) (local $requestEnd i32) (local $statusAt i32) (local $d0 i32) (local $d1 i32)
    (local $d2 i32) (local $status i32) (local $bytesAt i32) (local $bytesEnd i32) (local $i i32)
    (local $combined i32) (local $referrerEnd i32) (local $agentEnd i32) (local $methodEnd i32)
    (local $protocolAt i32) (local $targetEnd i32) (local $question i32) (local $c i32) (local $address i64)
    (local.set $ipEnd (call $toByte (local.get $s) (local.get $e) (i32.const 32)))
    (if (i32.or (i32.eq (local.get $ipEnd) (local.get $s)) (i32.ge_u (local.get $ipEnd) (local.get $e))) (then (return (i32.const 0))))
    (if (i32.and (i32.eq (i32.sub (local.get $ipEnd) (local.get $s)) (i32.const 1)) (i32.eq (i32.load8_u (local.get $s)) (i32.const 45))) (then (return (i32.const 0))))
    (local.set $identEnd (call $toByte (i32.add (local.get $ipEnd) (i32.const 1)) (local.get $e) (i32.const 32)))
    (local.set $userEnd (call $toByte (i32.add (local.get $identEnd) (i32.const 1)) (local.get $e) (i32.const 32)))
    (if (i32.ge_u (local.get $userEnd) (local.get $e)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=1 (local.get $userEnd)) (i32.const 91)) (then (return (i32.const 0))))
    (local.set $t (i32.add (local.get $userEnd) (i32.const 2)))
    (if (i32.ge_u (i32.add (local.get $t) (i32.const 28)) (local.get $e)) (then (return (i32.const 0))))
    (if (i32.or (i32.ne (i32.load8_u offset=26 (local.get $t)) (i32.const 93))
          (i32.or (i32.ne (i32.load8_u offset=27 (local.get $t)) (i32.const 32)) (i32.ne (i32.load8_u offset=28 (local.get $t)) (i32.const 34))))
      (then (return (i32.const 0))))
    (local.set $second (call $second (local.get $t)))
    (if (i32.lt_s (local.get $second) (i32.const 0)) (then (return (i32.const 0))))

    (local.set $requestAt (i32.add (local.get $t) (i32.const 29)))
    (local.set $requestEnd (call $toByte (local.get $requestAt) (local.get $e) (i32.const 34)))
    (if (i32.ge_u (local.get $requestEnd) (local.get $e)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=1 (local.get $requestEnd)) (i32.const 32)) (then (return (i32.const 0))))
    (local.set $statusAt (i32.add (local.get $requestEnd) (i32.const 2)))
    (local.set $d0 (i32.sub (i32.load8_u (local.get $statusAt)) (i32.const 48)))
    (local.set $d1 (i32.sub (i32.load8_u offset=1 (local.get $statusAt)) (i32.const 48)))
    (local.set $d2 (i32.sub (i32.load8_u offset=2 (local.get $statusAt)) (i32.const 48)))
    (if (i32.or (i32.or (i32.gt_u (local.get $d0) (i32.const 9)) (i32.gt_u (local.get $d1) (i32.const 9)))
          (i32.or (i32.gt_u (local.get $d2) (i32.const 9)) (i32.ge_u (i32.add (local.get $statusAt) (i32.const 3)) (local.get $e))))
      (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=3 (local.get $statusAt)) (i32.const 32)) (then (return (i32.const 0))))
    (local.set $status (i32.add (i32.add (i32.mul (local.get $d0) (i32.const 100)) (i32.mul (local.get $d1) (i32.const 10))) (local.get $d2)))
    (if (i32.load8_u (local.get $status)) (then (return (i32.const 0))))
    (local.set $bytesAt (i32.add (local.get $statusAt) (i32.const 4)))
    (local.set $bytesEnd (call $toByte (local.get $bytesAt) (local.get $e) (i32.const 32)))
    (if (i32.eqz (i32.and (i32.eq (i32.sub (local.get $bytesEnd) (local.get $bytesAt)) (i32.const 1)) (i32.eq (i32.load8_u (local.get $bytesAt)) (i32.const 45))))
      (then
        (if (i32.or (i32.eq (local.get $bytesEnd) (local.get $bytesAt)) (i32.gt_u (i32.sub (local.get $bytesEnd) (local.get $bytesAt)) (i32.const 15)))
          (then (return (i32.const 0))))
        (local.set $i (local.get $bytesAt))
        (block $digits
          (loop $digit
            (br_if $digits (i32.ge_u (local.get $i) (local.get $bytesEnd)))
            (if (i32.gt_u (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)) (i32.const 9)) (then (return (i32.const 0))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $digit)))))
    (local.set $combined (i32.lt_u (local.get $bytesEnd) (local.get $e)))
    (if (local.get $combined)
      (then
        (if (i32.ne (i32.load8_u offset=1 (local.get $bytesEnd)) (i32.const 34)) (then (return (i32.const 0))))
        (local.set $referrerEnd (call $toByte (i32.add (local.get $bytesEnd) (i32.const 2)) (local.get $e) (i32.const 34)))
        (if (i32.ge_u (local.get $referrerEnd) (local.get $e)) (then (return (i32.const 0))))
        (if (i32.or (i32.ne (i32.load8_u offset=1 (local.get $referrerEnd)) (i32.const 32)) (i32.ne (i32.load8_u offset=2 (local.get $referrerEnd)) (i32.const 34)))
          (then (return (i32.const 0))))
        (local.set $agentEnd (call $toByte (i32.add (local.get $referrerEnd) (i32.const 3)) (local.get $e) (i32.const 34)))
        (if (i32.ge_u (local.get $agentEnd) (local.get $e)) (then (return (i32.const 0))))))

    ;; The request as splitRequest reads it: method, target up to ` HTTP/…`, path before the first `?`.
    (local.set $methodEnd (call $toByte (local.get $requestAt) (local.get $requestEnd) (i32.const 32)))
    (if (i32.or (i32.eq (local.get $methodEnd) (local.get $requestAt))
          (i32.or (i32.ge_u (local.get $methodEnd) (local.get $requestEnd)) (i32.gt_u (i32.sub (local.get $methodEnd) (local.get $requestAt)) (i32.const 24))))
      (then (return (i32.const 0))))
    ;; Upper-case letters, and `-`/`_` after the first (WebDAV's VERSION-CONTROL).
    (local.set $i (local.get $requestAt))
    (block $method
      (loop $letter
        (br_if $method (i32.ge_u (local.get $i) (local.get $methodEnd)))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eqz (i32.or (i32.le_u (i32.sub (local.get $c) (i32.const 65)) (i32.const 25))
                             (i32.and (i32.gt_u (local.get $i) (local.get $requestAt))
                                      (i32.or (i32.eq (local.get $c) (i32.const 45)) (i32.eq (local.get $c) (i32.const 95))))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $letter)))
    (local.set $protocolAt (i32.sub (local.get $requestEnd) (i32.const 1)))
    (block $space
      (loop $back
        (br_if $space (i32.eq (i32.load8_u (local.get $protocolAt)) (i32.const 32)))
        (local.set $protocolAt (i32.sub (local.get $protocolAt) (i32.const 1)))
        (br $back)))
    (local.set $targetEnd (local.get $requestEnd))
    ;; `HTTP` as a little-endian word, then `/`.
    (if (i32.and (i32.gt_u (local.get $protocolAt) (local.get $methodEnd))
          (i32.and (i32.eq (i32.load offset=1 (local.get $protocolAt)) (i32.const 0x50545448)) (i32.eq (i32.load8_u offset=5 (local.get $protocolAt)) (i32.const 47))))
      (then (local.set $targetEnd (local.get $protocolAt))))
    (local.set $question (call $toByte (i32.add (local.get $methodEnd) (i32.const 1)) (local.get $targetEnd) (i32.const 63)))
    (if (i32.eqz (call $walkedQuiet (i32.const 0) (i32.add (local.get $methodEnd) (i32.const 1)) (local.get $question))) (then (return (i32.const 0))))
    (if (i32.lt_u (local.get $question) (local.get $targetEnd))
      (then (if (i32.eqz (call $walkedQuiet (i32.const 1) (i32.add (local.get $question) (i32.const 1)) (local.get $targetEnd))) (then (return (i32.const 0))))))
    (if (local.get $combined)
      (then
        (if (i32.eqz (call $rememberedQuiet (i32.const 2) (i32.add (local.get $bytesEnd) (i32.const 2)) (local.get $referrerEnd))) (then (return (i32.const 0))))
        (if (i32.eqz (call $rememberedQuiet (i32.const 3) (i32.add (local.get $referrerEnd) (i32.const 3)) (local.get $agentEnd))) (then (return (i32.const 0))))))

    ;; Record: kind 0, start, address end, IPv4 address, second, minute index, status | combined << 10
    ;; | IPv4 << 11, the 404's path hash.
    (local.set $address (call $plainIpv4 (local.get $s) (local.get $ipEnd)))
    (if (call $counted (local.get $address) (local.get $second) (local.get $status) (local.get $combined)) (then (return (i32.const 2))))
    (i32.store (i32.const 2680) (i32.const 0))
    (i32.store (local.get $record) (i32.const 0))
    (i32.store offset=4 (local.get $record) (local.get $s))
    (i32.store offset=8 (local.get $record) (local.get $ipEnd))
    (i32.store offset=12 (local.get $record) (i32.wrap_i64 (local.get $address)))
    (i32.store offset=16 (local.get $record) (local.get $second))
    (i32.store offset=20 (local.get $record) (i32.load (i32.const 2640)))
    (i32.store offset=24 (local.get $record)
      (i32.or (local.get $status)
        (i32.or (i32.shl (local.get $combined) (i32.const 10)) (i32.shl (i64.ge_s (local.get $address) (i64.const 0)) (i32.const 11)))))
    (i32.store offset=28 (local.get $record)
      (if (result i32) (i32.eq (local.get $status) (i32.const 404))
        (then (call $fnv (i32.add (local.get $methodEnd) (i32.const 1)) (local.get $question)))
        (else (i32.const 0))))
    (i32.const 1))

  ;; Reads the lines of [at, end] (a block of lines joined by `\n`, a `\n` written after it) into
  ;; 32-byte records from `out` until `outEnd`: kind 0 an ordinary line (see $ordinary), 1 a line
  ;; for the full parse (start, end without a `\r`), 2 a run of empty lines (count); the kind is the
  ;; first word's low 2 bits, the lines counted here before the record the rest. Returns the records
  ;; written; where it stopped is at 2644 (past `end` when the block is done), the lines counted
  ;; after the last record at 2688.
  (func (export "scan") (param $at i32) (param $end i32) (param $out i32) (param $outEnd i32) (result i32)
    (local $records i32) (local $next i32) (local $lineEnd i32) (local $backslash i32) (local $run i32)
    (local $chunk v128) (local $newlines i32) (local $backslashes i32) (local $read i32) (local $counted i32)
    ;; Lines counted here before a record: in its first word, above its kind.
    (local.set $counted (i32.load (i32.const 2688)))
    (block $done
      (loop $line
        (br_if $done (i32.gt_u (local.get $at) (local.get $end)))
        (br_if $done (i32.gt_u (i32.add (local.get $out) (i32.const 32)) (local.get $outEnd)))
        (if (i32.and (i32.lt_u (local.get $at) (local.get $end)) (i32.eq (i32.load8_u (local.get $at)) (i32.const 10)))
          (then
            (local.set $run (i32.const 1))
            (block $blanks
              (loop $blank
                (br_if $blanks (i32.ge_u (i32.add (local.get $at) (local.get $run)) (local.get $end)))
                (br_if $blanks (i32.ne (i32.load8_u (i32.add (local.get $at) (local.get $run))) (i32.const 10)))
                (local.set $run (i32.add (local.get $run) (i32.const 1)))
                (br $blank)))
            (i32.store (local.get $out) (i32.or (i32.const 2) (i32.shl (local.get $counted) (i32.const 2))))
            (i32.store offset=4 (local.get $out) (local.get $run))
            (local.set $counted (i32.const 0))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $records (i32.add (local.get $records) (i32.const 1)))
            (local.set $at (i32.add (local.get $at) (local.get $run)))
            (br $line)))
;; The line's end, and whether it holds a backslash (the log's own escaping: the full way),
        ;; sixteen bytes at a time: the `\n`s after the block end the last line.
        (local.set $next (local.get $at))
        (local.set $backslash (i32.const 0))
        (block $ended
          (loop $bytes
            (local.set $chunk (v128.load (local.get $next)))
            (local.set $newlines (i8x16.bitmask (i8x16.eq (local.get $chunk) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))))
            (local.set $backslashes (i8x16.bitmask (i8x16.eq (local.get $chunk) (v128.const i8x16 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92 92))))
            (if (local.get $newlines)
              (then
                ;; Backslashes before the newline only.
                (local.set $backslash (i32.or (local.get $backslash)
                  (i32.ne (i32.and (local.get $backslashes) (i32.sub (i32.and (local.get $newlines) (i32.sub (i32.const 0) (local.get $newlines))) (i32.const 1))) (i32.const 0))))
                (local.set $next (i32.add (local.get $next) (i32.ctz (local.get $newlines))))
                (br $ended)))
            (local.set $backslash (i32.or (local.get $backslash) (i32.ne (local.get $backslashes) (i32.const 0))))
            (local.set $next (i32.add (local.get $next) (i32.const 16)))
            (br $bytes)))
        (if (i32.gt_u (local.get $next) (local.get $end)) (then (local.set $next (local.get $end))))
        (local.set $lineEnd (local.get $next))
        (if (i32.and (i32.gt_u (local.get $lineEnd) (local.get $at)) (i32.eq (i32.load8_u (i32.sub (local.get $lineEnd) (i32.const 1))) (i32.const 13)))
          (then (local.set $lineEnd (i32.sub (local.get $lineEnd) (i32.const 1)))))
        (local.set $read (i32.const 1))
        (if (i32.eq (local.get $lineEnd) (local.get $at))
          (then
            (i32.store (local.get $out) (i32.const 2))
            (i32.store offset=4 (local.get $out) (i32.const 1)))
          (else
            (if (i32.eqz (local.get $backslash)) (then (local.set $read (call $ordinary (local.get $at) (local.get $lineEnd) (local.get $out)))))
            (if (i32.or (local.get $backslash) (i32.eqz (local.get $read)))
              (then
                (i32.store (local.get $out) (i32.const 1))
                (i32.store offset=4 (local.get $out) (local.get $at))
                (i32.store offset=8 (local.get $out) (local.get $lineEnd))))))
        (if (i32.eq (local.get $read) (i32.const 2))
          (then (local.set $counted (i32.add (local.get $counted) (i32.const 1))))
          (else
            (i32.store (local.get $out) (i32.or (i32.load (local.get $out)) (i32.shl (local.get $counted) (i32.const 2))))
            (local.set $counted (i32.const 0))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $records (i32.add (local.get $records) (i32.const 1)))))
        (local.set $at (i32.add (local.get $next) (i32.const 1)))
        (br $line)))
    (i32.store (i32.const 2644) (local.get $at))
    (i32.store (i32.const 2688) (local.get $counted))
    (local.get $records))
)
