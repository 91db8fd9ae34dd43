#include "CCurlShims.h"

#include <curl/curl.h>

int spc_curl_setopt_long(void *curl, int option, long value) { return curl_easy_setopt(curl, (CURLoption)option, value); }
int spc_curl_setopt_string(void *curl, int option, const char *value) { return curl_easy_setopt(curl, (CURLoption)option, value); }
int spc_curl_setopt_pointer(void *curl, int option, void *value) { return curl_easy_setopt(curl, (CURLoption)option, value); }
int spc_curl_setopt_write_function(void *curl, spc_curl_write_fn function) { return curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, function); }
int spc_curl_getinfo_long(void *curl, int info, long *value) { return curl_easy_getinfo(curl, (CURLINFO)info, value); }
int spc_curl_setopt_ssl_ctx_function(void *curl, spc_curl_ssl_ctx_fn function) { return curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, (curl_ssl_ctx_callback)function); }
