// libmicrohttpd from Debian's libmicrohttpd-dev (built with GnuTLS).
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>
