#include "CCurlShims.h"

#include <curl/curl.h>

int spc_curl_setopt_long(void *curl, int option, long value) { return curl_easy_setopt(curl, (CURLoption)option, value); }
int spc_curl_setopt_string(void *curl, int option, const char *value) { return curl_easy_setopt(curl, (CURLoption)option, value); }
int spc_curl_setopt_pointer(void *curl, int option, void *value) { return curl_easy_setopt(curl, (CURLoption)option, value); }
int spc_curl_setopt_write_function(void *curl, spc_curl_write_fn function) { return curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, function); }
int spc_curl_getinfo_long(void *curl, int info, long *value) { return curl_easy_getinfo(curl, (CURLINFO)info, value); }
int spc_curl_setopt_ssl_ctx_function(void *curl, spc_curl_ssl_ctx_fn function) { return curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, (curl_ssl_ctx_callback)function); }
int spc_curl_setopt_debug_function(void *curl, spc_curl_debug_fn function) { return curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, (curl_debug_callback)function); }
int spc_curl_setopt_read_function(void *curl, spc_curl_read_fn function) { return curl_easy_setopt(curl, CURLOPT_READFUNCTION, (curl_read_callback)function); }
int spc_curl_setopt_sockopt_function(void *curl, spc_curl_sockopt_fn function) { return curl_easy_setopt(curl, CURLOPT_SOCKOPTFUNCTION, (curl_sockopt_callback)function); }
#if LIBCURL_VERSION_NUM >= 0x080200
int spc_curl_setopt_mail_rcpt_allowfails(void *curl, long allow) { return curl_easy_setopt(curl, CURLOPT_MAIL_RCPT_ALLOWFAILS, allow); }
#else
int spc_curl_setopt_mail_rcpt_allowfails(void *curl, long allow) { return curl_easy_setopt(curl, CURLOPT_MAIL_RCPT_ALLLOWFAILS, allow); }
#endif
size_t spc_curl_readfunc_abort(void) { return CURL_READFUNC_ABORT; }
