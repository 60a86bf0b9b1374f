/*
 * The dashboard's first request for incidents, shared by the console (stores/listRequests.ts) and the
 * server's first screen, which must show the count and the overdue count that request will.
 */

/** The open view loads whole up to this many (open incidents are few); past it, it pages too. */
export const openWhole = 1000;
/** The dashboard's first request, also sent before the console's script has loaded (main.tsx): the same input, so it is answered once. */
export const firstListInput = { scope: 'open', limit: openWhole } as const;
