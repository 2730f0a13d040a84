# Variant "parent" (no argument) closes the custom context; variant "child"
# cancels its with_cancel child instead. Go printed the same for both.
gocpp_example_test(h_mycontext_goroutines EXPECTED expected.txt)
gocpp_example_test(h_mycontext_goroutines EXPECTED expected-child.txt ARGS child SUFFIX _child)
