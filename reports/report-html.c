/* report-html.c - PLACEHOLDER, being written; not to be committed as is. */
#include "config.h"
#include <errno.h>
#include "report-internal.h"
static int ph_begin(void **state, const sai_report_context *ctx)
{
	(void)ctx;
	*state = NULL;
	errno = ENOSYS;
	return -1;
}
const sai_report_writer sai_report_html = {
	"html", "(not yet written)", ph_begin, NULL, NULL, NULL,
};
