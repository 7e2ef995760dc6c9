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

const char *fc_status_token(int status) {
  switch (status) {
    case FC_OK: return "ok";
    case FC_EINVAL: return "invalid_argument";
    case FC_EDOM: return "domain_error";
    case FC_ENOMEM: return "out_of_memory";
    case FC_EMAXITER: return "no_convergence";
    case FC_ERANGE: return "out_of_range";
    case FC_EPARSE: return "parse_error";
    case FC_ENOTFOUND: return "not_found";
    case FC_EIO: return "io_error";
    case FC_EINTR: return "interrupted";
    default: return "unknown_error";
  }
}

int fc_isfinite(double x) { return isfinite(x) ? 1 : 0; }
