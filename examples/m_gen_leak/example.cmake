gocpp_example_leaks(m_gen_leak
  "genLeaky's goroutine stays blocked in its send, as in Go: the program is about that leak")
gocpp_example_test(m_gen_leak EXPECTED expected.txt)
# The leak check at exit finds that goroutine: exit status 1, the counts, and
# the goroutine with where it was created.
gocpp_example_test(m_gen_leak EXPECTED expected-leakcheck.txt MODE fatal SUFFIX _leakcheck
                   ENV GOCPP_LEAKCHECK=1)
