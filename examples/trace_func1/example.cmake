# Span ids are random: compare the shape of the output with what Go printed
# (one trace id at every layer, a new span id per layer).
foreach(procs 1 2)
  add_test(NAME example_trace_func1_gomaxprocs_${procs}
    COMMAND ${CMAKE_COMMAND} -E env GOMAXPROCS=${procs}
            bash ${CMAKE_CURRENT_SOURCE_DIR}/trace_func1/compare_ids.sh
            ${CMAKE_CURRENT_SOURCE_DIR}/trace_func1/go_output.txt $<TARGET_FILE:trace_func1>)
  set_tests_properties(example_trace_func1_gomaxprocs_${procs} PROPERTIES TIMEOUT 60)
endforeach()
