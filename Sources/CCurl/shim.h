#ifndef SPCONNECT_CCURL_SHIM_H
#define SPCONNECT_CCURL_SHIM_H
#include <curl/curl.h>
#endif
