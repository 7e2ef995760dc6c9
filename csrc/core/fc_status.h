/*
** fc_status.h -- status codes shared by every flopcost core module.
** Follows GSL's convention: functions return an int status, results go
** through pointers, and nothing prints, exits or aborts.
*/
#ifndef FC_STATUS_H
#define FC_STATUS_H

enum {
  FC_OK = 0,        /* success */
  FC_EINVAL = 1,    /* invalid argument (NULL pointer, bad enum, bad length) */
  FC_EDOM = 2,      /* argument outside the domain of the formula */
  FC_ENOMEM = 3,    /* allocation failed */
  FC_EMAXITER = 4,  /* iterative method did not converge */
  FC_ERANGE = 5,    /* result not representable (overflow, NaN) */
  FC_EPARSE = 6,    /* malformed input text (JSON) */
  FC_ENOTFOUND = 7, /* unknown name */
  FC_EIO = 8,       /* file could not be read or written */
  FC_EINTR = 9      /* stopped on request (a cancel flag, e.g. Ctrl-C) */
};

/* Short stable description of a status code ("domain error", ...). */
const char *fc_strerror(int status);

/* Stable snake_case token of a status code for `nil, msg, token` returns
** ("io_error", "parse_error", "no_convergence", ...; "ok" for FC_OK). The
** tokens the public API returns are listed in lua/flopcost/errors.lua. */
const char *fc_status_token(int status);

/* 1 if x is a finite double (not NaN, not +-inf). */
int fc_isfinite(double x);

#endif
