# Drives the server with curl and with the http_get example: the X-Request-ID
# header must come back from the request's context.
foreach(procs 1 2)
  add_test(NAME example_http_request_id_gomaxprocs_${procs}
    COMMAND ${CMAKE_COMMAND} -E env GOMAXPROCS=${procs}
            bash ${CMAKE_CURRENT_SOURCE_DIR}/http_request_id/drive.sh
                 $<TARGET_FILE:http_request_id> $<TARGET_FILE:http_get>)
  set_tests_properties(example_http_request_id_gomaxprocs_${procs} PROPERTIES TIMEOUT 60)
endforeach()
