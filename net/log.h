/* net/log.h - the one logging seam of the stack.
 *
 * The library never prints.  Every layer reports through a log hook that its owner
 * installs: the demos print to the terminal, tests capture lines into a buffer and
 * assert on them.  A NULL hook means "discard".
 *
 * Leaves out: log files, rotation, colour.  Those belong to the program, not the library.
 */
#ifndef NET_LOG_H
#define NET_LOG_H

#include <stdarg.h>

enum net_log_level {
	NET_LOG_ERROR,   /* something failed and was reported upward */
	NET_LOG_WARN,    /* bad input discarded, peer misbehaved */
	NET_LOG_INFO,    /* a protocol decision: state change, message in/out */
	NET_LOG_DEBUG    /* detail a student only wants in step mode */
};

/* Receives one finished line, without a trailing newline.  `layer` is a short tag
 * ("tsx", "transport", "sdp") so a filter can pick a layer.  The line is valid only
 * during the call. */
typedef void (*net_log_cb)(void *arg, enum net_log_level level, const char *layer,
			   const char *line);

struct net_log {
	net_log_cb cb;  /* NULL: discard everything */
	void *arg;      /* passed back to cb, owned by the caller */
};

/* Formats one line (truncated at 1023 bytes) and hands it to the hook. */
void net_log_printf(const struct net_log *log, enum net_log_level level, const char *layer,
		    const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

void net_log_vprintf(const struct net_log *log, enum net_log_level level, const char *layer,
		     const char *fmt, va_list ap);

const char *net_log_level_name(enum net_log_level level);

#endif
