/* demos/sipua/main.c - sipua's entry point: parse the command line, run the call.
 * The options and the output contract are in sipua.h.
 */
#include "demos/sipua/sipua.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	struct sipua_opts o;
	int rc = sipua_parse(argc, argv, &o, stdout, stderr);

	if (rc == 1)
		return 0;  /* --help */
	if (rc != 0)
		return 2;
	return sipua_run(&o);
}
