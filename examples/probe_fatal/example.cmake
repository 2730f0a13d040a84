# One test per fatal case: exit status 2 and the first three lines of stderr
# that Go printed (expected-<case>.txt).
foreach(fatal_case select-empty nil-recv nil-send unbuffered-self-send unlock-unlocked
                   send-closed-unrecovered)
  gocpp_example_test(probe_fatal EXPECTED expected-${fatal_case}.txt MODE fatal
                     ARGS ${fatal_case} SUFFIX _${fatal_case})
endforeach()
