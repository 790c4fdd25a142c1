package policy

import "strings"

// OpType is the kind of comparison a condition operator makes.
type OpType uint8

// Operator types, as the IAM guide groups them.
const (
	OpString OpType = iota
	OpNumeric
	OpDate
	OpBool
	OpBinary
	OpIP
	OpARN
	OpNull
)

var opTypeNames = [...]string{"String", "Numeric", "Date", "Bool", "Binary", "IpAddress", "Arn", "Null"}

func (t OpType) String() string { return opTypeNames[t] }

// Cmp is the comparison an operator makes between the request's value and the policy's.
type Cmp uint8

// Comparisons.
const (
	Eq Cmp = iota
	Lt
	Le
	Gt
	Ge
	Like // wildcard match (StringLike, ArnLike, ArnEquals)
	In   // address within a CIDR range
	Exists
)

// Holds says whether a comparison's result c (negative, zero or positive,
// as cmp.Compare gives it) satisfies the comparison: Eq and the orderings.
func (cmp Cmp) Holds(c int) bool {
	switch cmp {
	case Lt:
		return c < 0
	case Le:
		return c <= 0
	case Gt:
		return c > 0
	case Ge:
		return c >= 0
	}
	return c == 0
}

// Set is a set qualifier: ForAllValues or ForAnyValue.
type Set uint8

// Set qualifiers.
const (
	Single Set = iota
	ForAllValues
	ForAnyValue
)

// Operator is a parsed condition operator such as ForAnyValue:StringNotLikeIfExists.
type Operator struct {
	Base       string // the operator without qualifier or IfExists: StringNotLike
	Type       OpType
	Cmp        Cmp
	Negated    bool // StringNotEquals, NotIpAddress, ... (the result is inverted: NOR over values)
	IgnoreCase bool
	IfExists   bool
	Set        Set
	Known      bool // Base is an operator AWS documents
}

type opInfo struct {
	typ        OpType
	cmp        Cmp
	negated    bool
	ignoreCase bool
}

// operators lists every condition operator AWS documents, without qualifier or IfExists.
var operators = map[string]opInfo{
	"StringEquals":              {OpString, Eq, false, false},
	"StringNotEquals":           {OpString, Eq, true, false},
	"StringEqualsIgnoreCase":    {OpString, Eq, false, true},
	"StringNotEqualsIgnoreCase": {OpString, Eq, true, true},
	"StringLike":                {OpString, Like, false, false},
	"StringNotLike":             {OpString, Like, true, false},
	"NumericEquals":             {OpNumeric, Eq, false, false},
	"NumericNotEquals":          {OpNumeric, Eq, true, false},
	"NumericLessThan":           {OpNumeric, Lt, false, false},
	"NumericLessThanEquals":     {OpNumeric, Le, false, false},
	"NumericGreaterThan":        {OpNumeric, Gt, false, false},
	"NumericGreaterThanEquals":  {OpNumeric, Ge, false, false},
	"DateEquals":                {OpDate, Eq, false, false},
	"DateNotEquals":             {OpDate, Eq, true, false},
	"DateLessThan":              {OpDate, Lt, false, false},
	"DateLessThanEquals":        {OpDate, Le, false, false},
	"DateGreaterThan":           {OpDate, Gt, false, false},
	"DateGreaterThanEquals":     {OpDate, Ge, false, false},
	"Bool":                      {OpBool, Eq, false, false},
	"BinaryEquals":              {OpBinary, Eq, false, false},
	"IpAddress":                 {OpIP, In, false, false},
	"NotIpAddress":              {OpIP, In, true, false},
	"ArnEquals":                 {OpARN, Like, false, false},
	"ArnLike":                   {OpARN, Like, false, false},
	"ArnNotEquals":              {OpARN, Like, true, false},
	"ArnNotLike":                {OpARN, Like, true, false},
	"Null":                      {OpNull, Exists, false, false},
}

// OperatorNames returns every documented base operator, for suggestions.
func OperatorNames() []string {
	names := make([]string, 0, len(operators))
	for n := range operators {
		names = append(names, n)
	}
	return names
}

// ParseOperator reads a condition operator as written in a policy. Names are
// case-sensitive, as AWS reads them; an unknown base leaves Known false.
func ParseOperator(name string) Operator {
	var op Operator
	switch {
	case strings.HasPrefix(name, "ForAllValues:"):
		op.Set, name = ForAllValues, name[len("ForAllValues:"):]
	case strings.HasPrefix(name, "ForAnyValue:"):
		op.Set, name = ForAnyValue, name[len("ForAnyValue:"):]
	}
	if base, ok := strings.CutSuffix(name, "IfExists"); ok {
		op.IfExists, name = true, base
	}
	op.Base = name
	info, ok := operators[name]
	op.Known = ok
	op.Type, op.Cmp, op.Negated, op.IgnoreCase = info.typ, info.cmp, info.negated, info.ignoreCase
	return op
}
