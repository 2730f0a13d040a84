# The port and the Go original run the same client session (drive.sh).
foreach(procs 1 2)
  add_test(NAME example_kv_server_gomaxprocs_${procs}
    COMMAND ${CMAKE_COMMAND} -E env GOMAXPROCS=${procs}
            bash ${CMAKE_CURRENT_SOURCE_DIR}/kv_server/drive.sh $<TARGET_FILE:kv_server>
                 ${CMAKE_CURRENT_SOURCE_DIR}/kv_server/expected.txt
                 ${CMAKE_CURRENT_SOURCE_DIR}/kv_server/go/main.go)
  set_tests_properties(example_kv_server_gomaxprocs_${procs} PROPERTIES TIMEOUT 180)
endforeach()
