/* net/clock.h - the one place in siplab that reads a clock.
 *
 * DESIGN.md "Time, network and randomness are inputs": no layer asks the system what
 * time it is.  Timers live on a net_timer_list whose "now" moves only when its owner
 * advances it; the poll loop (net/loop.h) advances it from the function below, a test
 * advances it by hand.  Keeping every clock read behind this header is what makes an
 * exact Timer A schedule testable in microseconds.
 *
 * Leaves out: time zones, calendar time, anything but microsecond counters.
 */
#ifndef NET_CLOCK_H
#define NET_CLOCK_H

#include <stdint.h>

/* A clock source: returns microseconds that never go backwards.  `arg` is the
 * owner's state (a test's fake clock); the real clock ignores it. */
typedef uint64_t (*net_clock_cb)(void *arg);

/* CLOCK_MONOTONIC in microseconds (arbitrary origin, never jumps with NTP or the
 * user setting the date).  What the poll loop runs timers on. */
uint64_t net_clock_monotonic_us(void);

/* net_clock_monotonic_us with the net_clock_cb signature (arg is ignored). */
uint64_t net_clock_monotonic_cb(void *arg);

/* CLOCK_REALTIME in microseconds since 1970-01-01 UTC: only for stamping captures
 * (net/pcap.h) and logs a human reads, never for timers. */
uint64_t net_clock_realtime_us(void);

#endif
