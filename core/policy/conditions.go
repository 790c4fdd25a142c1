package policy

import (
	"strconv"
	"strings"
)

// condition checks a Condition element: operators, keys, and values against
// the operator's type and the key's.
func (v *validator) condition(st *Statement) {
	c := st.Condition
	switch {
	case !c.Present():
		return
	case c.Kind != Object:
		v.add("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type: Condition is an object of operators, not "+c.Kind.String()+".", c.Span)
		return
	case len(c.Blocks) == 0:
		v.add("EMPTY_OBJECT_CONDITION", "The Condition object is empty and does not affect the policy. Add conditions or remove the element.", c.Span)
		return
	}
	repeats(len(c.Blocks), func(i int) string { return c.Blocks[i].Operator.Text }, false, func(i, _ int) {
		b := c.Blocks[i]
		v.add("DUPLICATE_KEY", "The condition operator "+strconv.Quote(b.Operator.Text)+" appears more than once in this Condition. AWS reads only one of them: merge their keys into one.", b.Operator.Span)
	})
	for i := range c.Blocks {
		v.block(&c.Blocks[i])
	}
}

// repeats calls fn(i, first) for every name i that repeats an earlier one,
// first being where it was first written; fold compares ignoring case. Few
// names are compared in pairs, many through a map, so a hostile document
// with a million keys costs a million steps, not a million squared.
func repeats(n int, name func(int) string, fold bool, fn func(i, first int)) {
	same := func(a, b string) bool { return a == b || fold && strings.EqualFold(a, b) }
	if n <= 8 {
		for i := 1; i < n; i++ {
			for j := range i {
				if same(name(i), name(j)) {
					fn(i, j)
					break
				}
			}
		}
		return
	}
	seen := make(map[string]int, n)
	for i := range n {
		k := name(i)
		if fold {
			k = strings.ToLower(k)
		}
		if j, ok := seen[k]; ok {
			fn(i, j)
		} else {
			seen[k] = i
		}
	}
}

func (v *validator) block(b *Block) {
	op := b.Op
	name := b.Operator.Text
	if !op.Known {
		v.add("INVALID_CONDITION_OPERATOR", "The condition operator "+strconv.Quote(name)+" is not valid. Use a valid condition operator."+v.suggestOperator(name), b.Operator.Span)
		return
	}
	if op.Type == OpNull && op.IfExists {
		v.add("NULL_WITH_IF_EXISTS", "The Null condition operator cannot be used with the IfExists suffix. Update the operator to Null.", b.Operator.Span)
	}
	if op.Type == OpNull && op.Set != Single {
		v.add("NULL_WITH_QUALIFIER", "Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers: Null already tests the whole key.", b.Operator.Span)
	}
	switch {
	case b.Kind != Object:
		v.add("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type: under "+name+" comes an object of condition keys, not "+b.Kind.String()+".", b.Span)
		return
	case len(b.Keys) == 0:
		v.add("EMPTY_OBJECT_CONDITION", "The "+name+" object is empty and does not affect the policy. Add condition keys or remove the operator.", b.Span)
	}
	repeats(len(b.Keys), func(i int) string { return b.Keys[i].Key.Text }, true, func(i, first int) {
		kv, prev := b.Keys[i], b.Keys[first]
		if prev.Key.Text == kv.Key.Text {
			v.add("DUPLICATE_KEY", "The condition key "+strconv.Quote(kv.Key.Text)+" appears more than once under "+name+". AWS reads only one of them: merge their values.", kv.Key.Span)
		} else {
			v.add("DUPLICATE_KEYS_WITH_DIFFERENT_CASE", "The condition key "+strconv.Quote(kv.Key.Text)+" appears more than once with different capitalization ("+strconv.Quote(prev.Key.Text)+") in the same condition block: key names ignore case. Remove the duplicate condition keys.", kv.Key.Span)
		}
	})
	for i := range b.Keys {
		v.key(op, name, &b.Keys[i])
	}
}

// suggestOperator proposes the documented operator closest to name, keeping
// the qualifier and IfExists the author wrote.
func (v *validator) suggestOperator(name string) string {
	prefix := ""
	if q, rest, ok := strings.Cut(name, ":"); ok {
		prefix = v.suggest(q, []string{"ForAllValues", "ForAnyValue"}) + ":"
		if prefix == ":" {
			prefix = q + ":"
		}
		name = rest
	}
	suffix := ""
	if base, ok := strings.CutSuffix(name, "IfExists"); ok {
		name, suffix = base, "IfExists"
	}
	if s := v.suggest(name, OperatorNames()); s != "" {
		return ` Did you mean "` + prefix + s + suffix + `"?`
	}
	return ""
}

// keyTypeFits reports whether an operator of type op suits a key of known type.
func keyTypeFits(info KeyInfo, op OpType) bool {
	switch {
	case op == OpNull || op == info.Type:
		return true
	case info.Type == OpARN:
		return op == OpString
	case info.AlsoNumeric:
		return op == OpNumeric
	}
	return false
}

func (v *validator) key(op Operator, opName string, kv *KeyValues) {
	key := kv.Key.Text
	info, known := LookupKey(key)
	if !known && !strings.Contains(key, "/") {
		// aws:ResourceTag written without its slash is a tag key prefix too.
		info, known = LookupKey(key + "/")
	}
	svc, rest, hasColon := strings.Cut(key, ":")
	switch {
	case !hasColon || svc == "" || rest == "":
		v.add("INVALID_CONDITION_KEY_FORMAT", "The condition key "+strconv.Quote(key)+" is not valid. Use the format service:keyname.", kv.Key.Span)
	case known && strings.HasSuffix(info.Name, "/") && (len(key) == len(info.Name) || len(key) == len(info.Name)-1):
		v.add("MISSING_TAG_KEY_IN_CONDITION", "The condition key "+strconv.Quote(key)+" needs a tag key after it, for example "+info.Name+"team.", kv.Key.Span)
		known = false
	case strings.EqualFold(key, "aws:ARN"):
		v.add("DEPRECATED_GLOBAL_CONDITION_KEY", "The global condition key "+key+" is deprecated. Use aws:PrincipalArn or aws:SourceArn instead.", kv.Key.Span)
	case !known && strings.EqualFold(svc, "aws") && v.cat == nil: // with the catalog: INVALID_GLOBAL_CONDITION_KEY
		v.add("UNKNOWN_GLOBAL_CONDITION_KEY", "The condition key "+strconv.Quote(key)+" is not a global condition key AWS documents; a request never carries it."+v.didYouMean(key, awsKeyNames), kv.Key.Span)
	}
	if known {
		v.keyUse(op, opName, info, kv)
	}
	v.values(op, opName, kv)
}

// keyUse checks the operator against what is known of the key.
func (v *validator) keyUse(op Operator, opName string, info KeyInfo, kv *KeyValues) {
	switch {
	case op.Set == ForAllValues && !info.Multi && op.Type != OpNull:
		v.add("FORALLVALUES_WITH_SINGLE_VALUED_KEY", "Using ForAllValues qualifier with the single-valued condition key "+kv.Key.Text+" can be overly permissive: it is true when the key is absent. We recommend that you remove ForAllValues:.", kv.Key.Span)
	case op.Set == ForAnyValue && !info.Multi && op.Type != OpNull:
		v.add("FORANYVALUE_WITH_SINGLE_VALUED_KEY", kv.Key.Text+" is single-valued: ForAnyValue: adds nothing. Remove it.", kv.Key.Span)
	case op.Set == Single && info.Multi && op.Type != OpNull:
		v.add("MISSING_QUALIFIER", "The context key "+kv.Key.Text+" has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy: "+opName+" alone matches only a request with exactly one value.", kv.Key.Span)
	}
	if !keyTypeFits(info, op.Type) {
		v.add("TYPE_MISMATCH", "Use the operator type "+info.Type.String()+" instead of operator "+opName+" for the condition key "+kv.Key.Text+".", kv.Key.Span)
	} else if info.Type == OpARN && op.Type == OpString && op.Cmp == Like {
		v.add("STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", "Use ArnLike instead of "+opName+" with the ARN condition key "+kv.Key.Text+": ArnLike matches ARN fields one by one.", kv.Key.Span)
	}
}

// emptyCodes names the empty-array check for each way of qualifying an operator.
func emptyCode(op Operator) string {
	switch {
	case op.Set == ForAllValues:
		return "EMPTY_ARRAY_CONDITION_FORALLVALUES"
	case op.Set == ForAnyValue:
		return "EMPTY_ARRAY_CONDITION_FORANYVALUE"
	case op.IfExists:
		return "EMPTY_ARRAY_CONDITION_IFEXISTS"
	}
	return "EMPTY_ARRAY_CONDITION"
}

// values checks condition values against the operator's type.
func (v *validator) values(op Operator, opName string, kv *KeyValues) {
	l := kv.Values
	switch l.Kind {
	case Object, Null:
		v.add("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type: the values of "+kv.Key.Text+" are a string or an array of strings, not "+l.Kind.String()+".", l.Span)
		return
	case Array:
		if len(l.Items) == 0 {
			v.add(emptyCode(op), "The condition key "+kv.Key.Text+" has no values, so the condition can never be met. Add values or remove the key.", l.Span)
			return
		}
	}
	if (op.Type == OpBool || op.Type == OpNull) && len(l.Items) > 1 {
		v.add("INVALID_CONDITION_MULTIPLE_BOOLEAN", "The condition key does not support multiple Boolean values. Use a single Boolean value.", l.Span)
	}
	first := l.Items[0].Kind
	for _, it := range l.Items {
		switch {
		case it.Kind == Object || it.Kind == Array || it.Kind == Null:
			v.add("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type: condition values are strings, numbers or booleans, not "+show(it)+".", it.Span)
			continue
		case it.Kind != first:
			v.add("INVALID_CONDITION_DATA_TYPE", "The condition value data types do not match. Use condition values of the same JSON data type.", it.Span)
		}
		v.value(op, opName, it)
	}
}

// typeProblems are the checks for a value that its operator cannot read, in
// Access Analyzer's words (its TYPE_MISMATCH_* checks; TYPE_MISMATCH_ARN is
// ours), {op} standing for the operator; then what is wrong, {value} for the
// value (filled in that order, so a value's text is never read as a mark).
// Such a value never makes a condition true: it matches no request value and
// a negated operator does not hold for it either.
var typeProblems = map[OpType]struct{ code, aws, why string }{
	OpNumeric: {"TYPE_MISMATCH_NUMBER", "Add a valid numeric value for the condition operator {op}.",
		"{value} is not a decimal number (such as 10, -2.5 or 1e3) within the range of a double, so it never makes the condition true."},
	OpDate: {"TYPE_MISMATCH_DATE", "The date condition operator {op} is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.",
		"{value} is neither an ISO 8601 date from year 0001 to 9999 (2026-01-01, 2026-01-01T00:00:00Z, 2026-01-01T02:00:00+02:00) nor epoch seconds within those years, so it never makes the condition true."},
	OpBool: {"TYPE_MISMATCH_BOOLEAN", "Add a valid Boolean value (true or false) for the condition operator {op}.",
		"{value} is neither, so it never makes the condition true."},
	OpNull: {"TYPE_MISMATCH_BOOLEAN", "Add a valid Boolean value (true or false) for the condition operator {op}.",
		"{value} is neither (true: the key is absent; false: it is present), so the condition never holds."},
	OpIP: {"TYPE_MISMATCH_IP_RANGE", "The condition operator {op} is used with an invalid IP range value. Specify the IP range in standard CIDR format.",
		"{value} is not an IP address or a CIDR range such as 203.0.113.0/24 or 2001:db8::/32."},
	OpBinary: {"TYPE_MISMATCH_STRING", "Add a valid base64-encoded string value for the condition operator {op}.",
		"{value} is not standard base64, so it never makes the condition true."},
	OpARN: {"TYPE_MISMATCH_ARN", "The value {value} does not work with {op}, which needs an ARN (arn:partition:service:region:account:resource, wildcards allowed).", ""},
}

// value checks one condition value.
func (v *validator) value(op Operator, opName string, it Value) {
	if HasVariable(it.Text) {
		if v.vars && op.Type != OpString && op.Type != OpARN {
			v.add("INVALID_VARIABLE_FOR_OPERATOR", "Policy variables can only be used with String and ARN operators, not "+opName+".", it.Span)
			return
		}
		v.variables(it)
		if v.vars {
			return
		}
	}
	ok := true
	switch op.Type {
	case OpString:
		if op.Cmp == Eq && hasWildcard(it.Text) {
			v.add("WILDCARD_WITHOUT_LIKE_OPERATOR", "Your condition value "+strconv.Quote(it.Text)+" includes a * or ? character: "+opName+" compares it literally. To match with wildcards, use StringLike or StringNotLike.", it.Span)
		}
		return
	case OpNumeric:
		_, ok = ParseNumber(it.Text)
	case OpDate:
		_, ok = ParseDate(it.Text)
	case OpBool, OpNull:
		_, ok = ParseBool(it.Text)
	case OpIP:
		_, ok = ParseCIDR(it.Text)
	case OpBinary:
		_, ok = ParseBinary(it.Text)
	case OpARN:
		ok = it.Text == "*" || strings.HasPrefix(it.Text, "arn:") || strings.HasPrefix(it.Text, "*") || strings.HasPrefix(it.Text, "${")
	}
	if !ok {
		p := typeProblems[op.Type]
		v.add(p.code, strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(p.aws+" "+p.why, "{op}", opName), "{value}", show(it))), it.Span)
	}
}
