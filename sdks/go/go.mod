module keyport.dev/go/keyport

go 1.19
