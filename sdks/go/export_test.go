package keyport

// Operation is an operation as this module calls it, for the document test.
type Operation = operation

// Operations are every operation the module registers.
func Operations() []Operation { return operations }
