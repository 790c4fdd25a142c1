module slrplay

go 1.26

require (
	github.com/gobwas/glob v1.1.0
	github.com/syumai/workers v0.33.0
	github.com/tidwall/gjson v1.20.1
)

require (
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
)

replace github.com/tidwall/pretty => ./third_party/pretty
