/* fc_status.c -- status strings and small shared checks. */
#include <math.h>
#include "fc_status.h"

const char *fc_strerror(int status) {
  switch (status) {
    case FC_OK: return "success";
    case FC_EINVAL: return "invalid argument";
    case FC_EDOM: return "argument outside the domain";
    case FC_ENOMEM: return "out of memory";
    case FC_EMAXITER: return "did not converge";
    case FC_ERANGE: return "result out of range";
    case FC_EPARSE: return "parse error";
    case FC_ENOTFOUND: return "not found";
    case FC_EIO: return "input/output error";
    case FC_EINTR: return "interrupted";
    default: return "unknown error";
  }
}

int fc_isfinite(double x) { return isfinite(x) ? 1 : 0; }
