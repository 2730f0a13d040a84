# Drives the server with curl and with the http_get example (the project's
# client): /hello, /slow, a client that gives up, /deadline, and a SIGTERM
# with a request in flight.
foreach(procs 1 2)
  add_test(NAME example_http_server_gomaxprocs_${procs}
    COMMAND ${CMAKE_COMMAND} -E env GOMAXPROCS=${procs}
            bash ${CMAKE_CURRENT_SOURCE_DIR}/http_server/drive.sh $<TARGET_FILE:http_server>
                 $<TARGET_FILE:http_get>)
  set_tests_properties(example_http_server_gomaxprocs_${procs} PROPERTIES TIMEOUT 60)
endforeach()
