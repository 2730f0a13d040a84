# http_get drives the http_server and http_request_id examples (see their
# drive.sh); on its own it must report a refused connection with Go's text.
gocpp_example_test(http_get EXPECTED refused.txt MODE fatal ARGS http://127.0.0.1:1/)
