/* net/log.c - formatting front end of the log hook (see log.h). */
#include "net/log.h"

#include <stdio.h>

void net_log_vprintf(const struct net_log *log, enum net_log_level level, const char *layer,
		     const char *fmt, va_list ap)
{
	char line[1024];

	if (log == NULL || log->cb == NULL)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	log->cb(log->arg, level, layer, line);
}

void net_log_printf(const struct net_log *log, enum net_log_level level, const char *layer,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	net_log_vprintf(log, level, layer, fmt, ap);
	va_end(ap);
}

const char *net_log_level_name(enum net_log_level level)
{
	switch (level) {
	case NET_LOG_ERROR: return "error";
	case NET_LOG_WARN:  return "warn";
	case NET_LOG_INFO:  return "info";
	case NET_LOG_DEBUG: return "debug";
	}
	return "?";
}
