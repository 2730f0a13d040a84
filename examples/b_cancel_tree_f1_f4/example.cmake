# The four lines come from four goroutines woken by one cancel; Go does not
# order them (20 Go runs gave 7 orders), so they are compared as a set.
gocpp_example_test(b_cancel_tree_f1_f4 EXPECTED expected.txt MODE set)
