module gocpp_reference

go 1.19
