# Drives the server: echo over two connections, then SIGTERM with one
# connection still open; the server must exit 0 after "shut down".
foreach(procs 1 2)
  add_test(NAME example_echo_server_gomaxprocs_${procs}
    COMMAND ${CMAKE_COMMAND} -E env GOMAXPROCS=${procs}
            bash ${CMAKE_CURRENT_SOURCE_DIR}/echo_server/drive.sh $<TARGET_FILE:echo_server>)
  set_tests_properties(example_echo_server_gomaxprocs_${procs} PROPERTIES TIMEOUT 60)
endforeach()
