/* demos/common/ladder.h - the ASCII ladder of a call, drawn from the trace point.
 *
 * DESIGN.md "The call we reproduce": A | server | B columns, one row per message,
 * with the transaction branch of each.  The recorder is a trace hook (sip/trace.h)
 * of the program in the middle (sipserver): every message it received or sent is
 * kept (a bounded ring), and when a call ends the program asks for the rows of that
 * Call-ID, preceded by the registrations of the two parties not drawn yet:
 *
 *             A alice                   sipserver                 B bob
 *             127.0.0.1:40001           127.0.0.1:5060            127.0.0.1:40002
 *     0.000   |--- REGISTER ----------->|                         |  z9hG4bKk2i8..
 *     0.001   |<-- 401 Unauthorized ----|                         |  z9hG4bKk2i8..
 *     ...
 *     0.210   |                         |--- INVITE ------------->|  z9hG4bK0dmc..
 *
 * Every row is "TIME |GAP|GAP|  BRANCH" with fixed columns (DEMO_LADDER_GAP), so a
 * test reads it back with demo_ladder_parse_row ("A>S INVITE", "S>B 180").
 *
 * Leaves out: calls that fork to several phones in different columns (every peer
 * other than A is drawn in column B, its address noted), colour.
 */
#ifndef DEMOS_COMMON_LADDER_H
#define DEMOS_COMMON_LADDER_H

#include "sip/trace.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define DEMO_LADDER_EVENTS 2048  /* messages kept (the oldest are forgotten) */
#define DEMO_LADDER_TIME 9       /* characters before column A */
#define DEMO_LADDER_GAP 34       /* characters between two columns, '|' included */

struct demo_ladder;

/* `middle` names the centre column ("sipserver"), copied. */
int demo_ladder_create(struct demo_ladder **out, const char *middle);
void demo_ladder_destroy(struct demo_ladder *l);

/* The trace hook (arg: the struct demo_ladder). */
void demo_ladder_trace(void *arg, const struct sip_trace_event *ev);

/* Writes the ladder of `call_id`: a header naming A (who sent its first INVITE) and B
 * (where it was forwarded), the REGISTER exchanges of A and B not drawn before, then
 * every message of the call.  Returns the number of rows, 0 if the call is unknown. */
size_t demo_ladder_print(struct demo_ladder *l, const char *call_id, FILE *f);

/* Reads one row back: "A>S INVITE", "S>A 407", "B>S 200" into buf.  Returns false
 * for a line that is not a message row. */
bool demo_ladder_parse_row(const char *line, char *buf, size_t cap);

#endif
