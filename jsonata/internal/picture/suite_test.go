package picture

import "testing"

// The tables below hold every case of the JSONata suite groups
// function-formatNumber, function-fromMillis, function-tomillis and
// function-formatBase whose expression is one call with literal arguments.
// Cases built from several calls are in TestSuitePipelines.

func TestFormatNumberSuite(t *testing.T) {
	t.Parallel()
	cases := []struct {
		x       float64
		picture string
		opts    *DecimalFormat
		want    string
		code    string
	}{
		{12345.6, "#,###.00", nil, "12,345.60", ""},                             // case000.json
		{12345678.9, "9,999.99", nil, "12,345,678.90", ""},                      // case001.json
		{123412345678.9, "9,9,99.99", nil, "123412345,6,78.90", ""},             // case002.json
		{123.9, "9999", nil, "0124", ""},                                        // case004.json
		{0.14, "01%", nil, "14%", ""},                                           // case005.json
		{0.4857, "###.###‰", nil, "485.7‰", ""},                                 // case006.json
		{0.14, "###pm", &DecimalFormat{PerMille: "pm"}, "140pm", ""},            // case007.json
		{-6, "000", nil, "-006", ""},                                            // case008.json
		{1234.5678, "00.000e0", nil, "12.346e2", ""},                            // case009.json
		{1234.5678, "①①.①①①e①", &DecimalFormat{ZeroDigit: "⑟"}, "①②.③④⑥e②", ""}, // case011.json
		{0.234, "0.0e0", nil, "2.3e-1", ""},                                     // case012.json
		{0.234, "#.00e0", nil, "0.23e0", ""},                                    // case013.json
		{0.234, ".00e0", nil, ".23e0", ""},                                      // case015.json
		{20, "#;#;#", nil, "", "D3080"},                                         // case019.json
		{20, "#.0.0", nil, "", "D3081"},                                         // case020.json
		{20, "#0%%", nil, "", "D3082"},                                          // case021.json
		{20, ".e0", nil, "", "D3085"},                                           // case024.json
		{20, "0+.e0", nil, "", "D3086"},                                         // case025.json
		{20, "0,,0", nil, "", "D3089"},                                          // case028.json
		{20, "0#.e0", nil, "", "D3090"},                                         // case029.json
		{20, "#0.#0e0", nil, "", "D3091"},                                       // case030.json
		{20, "#0.0e0,0", nil, "", "D3093"},                                      // case032.json
		{2, "000.000", nil, "002.000", ""},                                      // case033.json
		{2, "AAA.AAA", &DecimalFormat{ZeroDigit: "A"}, "AAC.AAA", ""},           // case034.json
		{0.1, "AeAAA", &DecimalFormat{ZeroDigit: "A"}, "Be-AAB", ""},            // case035.json
	}
	for _, c := range cases {
		t.Run(c.picture, func(t *testing.T) {
			t.Parallel()
			got, err := FormatNumber(c.x, c.picture, c.opts)
			if checkErr(t, err, c.code) && got != c.want {
				t.Errorf("FormatNumber(%v, %q) = %q, want %q", c.x, c.picture, got, c.want)
			}
		})
	}
}

func TestFormatDateTimeSuite(t *testing.T) {
	t.Parallel()
	cases := []struct {
		millis   int64
		picture  string
		timezone string
		want     string
		code     string
	}{
		{1, "", "", "1970-01-01T00:00:00.001Z", ""},                                                                      // case000.json#0
		{1509380732935, "", "", "2017-10-30T16:25:32.935Z", ""},                                                          // case001.json#0
		{1521801216617, "Hello", "", "Hello", ""},                                                                        // formatDateTime.json#1
		{1521801216617, "Year: [Y0001]", "", "Year: 2018", ""},                                                           // formatDateTime.json#2
		{1521801216617, "Year: <[Y0001]>", "", "Year: <2018>", ""},                                                       // formatDateTime.json#3
		{1521801216617, "Year: <[Y9,999,*]>", "", "Year: <2,018>", ""},                                                   // formatDateTime.json#4
		{1521801216617, "[[Year: <[Y0001]>", "", "[Year: <2018>", ""},                                                    // formatDateTime.json#5
		{1521801216617, "Year]]: <[Y0001]>", "", "Year]: <2018>", ""},                                                    // formatDateTime.json#6
		{1521801216617, "[[Year]]: [[[Y0001]]]", "", "[Year]: [2018]", ""},                                               // formatDateTime.json#7
		{1521801216617, "[D#1]/[M#1]/[Y0001]", "", "23/3/2018", ""},                                                      // formatDateTime.json#8
		{1522616700000, "[F0] [FNn]", "", "7 Sunday", ""},                                                                // formatDateTime.json#9
		{1522703100000, "[F0] [FNn]", "", "1 Monday", ""},                                                                // formatDateTime.json#10
		{1521801216617, "[Y0001]-[M01]-[D01]", "", "2018-03-23", ""},                                                     // formatDateTime.json#11
		{1521801216617, "[M01]/[D01]/[Y0001] at [H01]:[m01]:[s01]", "", "03/23/2018 at 10:33:36", ""},                    // formatDateTime.json#12
		{1521801216617, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z01:01t]", "", "2018-03-23T10:33:36.617Z", ""},             // formatDateTime.json#13
		{1521801216617, "[Y]-[ M01]-[D 01]T[H01 ]:[ m   ]:[s].[f0  01][Z01:\n 01t]", "", "2018-03-23T10:33:36.617Z", ""}, // formatDateTime.json#14
		{1521801216617, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]", "+0100", "2018-03-23T11:33:36.617+0100", ""},     // formatDateTime.json#15
		{1531310400000, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z01:01]", "", "2018-07-11T12:00:00+00:00", ""},                    // formatDateTime.json#16
		{1531310400000, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z01:01t]", "", "2018-07-11T12:00:00Z", ""},                        // formatDateTime.json#17
		{1531310400000, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z]", "-0500", "2018-07-11T07:00:00-05:00", ""},                    // formatDateTime.json#18
		{1531310400000, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]", "-0500", "2018-07-11T07:00:00-5", ""},                       // formatDateTime.json#19
		{1531310400000, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z]", "+1000", "2018-07-11T22:00:00+10:00", ""},                    // formatDateTime.json#20
		{1531310400000, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]", "+1000", "2018-07-11T22:00:00+10", ""},                      // formatDateTime.json#21
		{1531310400000, "[Y]-[M01]-[D01]T[H01]:[m]:[s][Z0]", "+0530", "2018-07-11T17:30:00+5:30", ""},                    // formatDateTime.json#22
		{1531310400000, "[Y]-[M01]-[D01]T[H01]:[m]:[s][z]", "-0500", "2018-07-11T07:00:00GMT-05:00", ""},                 // formatDateTime.json#23
		{1204405500000, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]", "+0530", "2008-03-02T02:35:00.000+0530", ""},     // formatDateTime.json#24
		{1230757500000, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z0101t]", "+0530", "2009-01-01T02:35:00.000+0530", ""},     // formatDateTime.json#25
		{1230757500000, "[Y]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z010101t]", "+0530", "", "D3134"},                          // formatDateTime.json#26
		{1521801216617, "[D#1,2]/[M1,2]/[Y,2]", "", "23/03/18", ""},                                                      // formatDateTime.json#27
		{1521801216617, "[D#1,2]/[M1,2]/[Y0001,2]", "", "23/03/2018", ""},                                                // formatDateTime.json#28
		{1521801216617, "[D#1,2]/[M1,2]/[Y##01,2-2]", "", "23/03/18", ""},                                                // formatDateTime.json#29
		{1521801216617, "[D#1,2]/[M1,2]/[Y0001,2-2]", "", "23/03/18", ""},                                                // formatDateTime.json#30
		{1521801216617, "[D1] [M01] [YI]", "", "23 03 MMXVIII", ""},                                                      // formatDateTime.json#31
		{1521801216617, "[Da] [MA] [Yi]", "", "w C mmxviii", ""},                                                         // formatDateTime.json#32
		{1521801216617, "[D1o] [M01] [Y]", "", "23rd 03 2018", ""},                                                       // formatDateTime.json#33
		{1521801216617, "[Yw]", "", "two thousand and eighteen", ""},                                                     // formatDateTime.json#34
		{1521801216617, "[Dwo] [M01] [Y]", "", "twenty-third 03 2018", ""},                                               // formatDateTime.json#35
		{1521801216617, "[D1o] [MNn] [Y]", "", "23rd March 2018", ""},                                                    // formatDateTime.json#36
		{1521801216617, "[D1o] [MN] [Y]", "", "23rd MARCH 2018", ""},                                                     // formatDateTime.json#37
		{1521801216617, "[FNn], [D1o] [MNn] [Y]", "", "Friday, 23rd March 2018", ""},                                     // formatDateTime.json#38
		{1521801216617, "[FNn], the [Dwo] of [MNn] [Y] [E]", "", "Friday, the twenty-third of March 2018 ISO", ""},       // formatDateTime.json#39
		{1521801216617, "[FNn,3-3], [D1o] [MNn,3-3] [Y] [C]", "", "Fri, 23rd Mar 2018 ISO", ""},                          // formatDateTime.json#40
		{1521801216617, "[F], [D]/[M]/[Y] [h]:[m]:[s] [P]", "", "friday, 23/3/2018 10:33:36 am", ""},                     // formatDateTime.json#41
		{1204405500000, "[F], [D]/[M]/[Y] [h]:[m]:[s] [P]", "", "saturday, 1/3/2008 9:05:00 pm", ""},                     // formatDateTime.json#42
		{1199664000000, "[F], [D]/[M]/[Y] [h]:[m]:[s] [P]", "", "monday, 7/1/2008 12:00:00 am", ""},                      // formatDateTime.json#43
		{1514808000000, "[dwo] day of the year", "", "first day of the year", ""},                                        // formatDateTime.json#44
		{1546257600000, "[d] days in [Y0001]", "", "365 days in 2018", ""},                                               // formatDateTime.json#45
		{1483185600000, "[d] days in [Y0001]", "", "366 days in 2016", ""},                                               // formatDateTime.json#46
		{1514808000000, "Week: [W]", "", "Week: 1", ""},                                                                  // formatDateTime.json#47
		{1515326400000, "Week: [W]", "", "Week: 1", ""},                                                                  // formatDateTime.json#48
		{1545739200000, "Week: [W]", "", "Week: 52", ""},                                                                 // formatDateTime.json#49
		{1388577600000, "Week: [W]", "", "Week: 1", ""},                                                                  // formatDateTime.json#50
		{1419854400000, "Week: [W]", "", "Week: 1", ""},                                                                  // formatDateTime.json#51
		{1419768000000, "Week: [W]", "", "Week: 52", ""},                                                                 // formatDateTime.json#52
		{1419336000000, "Week: [W]", "", "Week: 52", ""},                                                                 // formatDateTime.json#53
		{1420113600000, "Week: [W]", "", "Week: 1", ""},                                                                  // formatDateTime.json#54
		{1420459200000, "Week: [W]", "", "Week: 2", ""},                                                                  // formatDateTime.json#55
		{1451304000000, "Week: [W]", "", "Week: 53", ""},                                                                 // formatDateTime.json#56
		{1451563200000, "Week: [W]", "", "Week: 53", ""},                                                                 // formatDateTime.json#57
		{1451736000000, "Week: [W]", "", "Week: 53", ""},                                                                 // formatDateTime.json#58
		{1359460800000, "Week: [w] of [xNn]", "", "Week: 5 of January", ""},                                              // formatDateTime.json#59
		{1359633600000, "Week: [w] of [xNn]", "", "Week: 5 of January", ""},                                              // formatDateTime.json#60
		{1359720000000, "Week: [w] of [xNn]", "", "Week: 5 of January", ""},                                              // formatDateTime.json#61
		{1514808000000, "Week: [w] of [xNn]", "", "Week: 1 of January", ""},                                              // formatDateTime.json#62
		{1483272000000, "Week: [w] of [xNn]", "", "Week: 5 of December", ""},                                             // formatDateTime.json#63
		{1533038400000, "Week: [w] of [xNn]", "", "Week: 1 of August", ""},                                               // formatDateTime.json#64
		{1419940800000, "Week: [w] of [xNn]", "", "Week: 1 of January", ""},                                              // formatDateTime.json#65
		{1521801216617, "[F], [D]/[M]/[Y] [h]:[m]:[s] [PN]", "", "friday, 23/3/2018 10:33:36 AM", ""},                    // formatDateTime.json#67
		{1521801216617, "[F], [D]/[M]/[Y] [h]:[m]:[s] [Pn]", "", "friday, 23/3/2018 10:33:36 am", ""},                    // formatDateTime.json#68
		{1419940800000, "[YN]-[M]-[D]", "", "", "D3133"},                                                                 // formatDateTime.json#69
		{1419940800000, "[YN]-[M", "", "", "D3135"},                                                                      // formatDateTime.json#70
	}
	for _, c := range cases {
		t.Run(c.picture, func(t *testing.T) {
			t.Parallel()
			got, err := FormatDateTime(c.millis, c.picture, c.timezone)
			if checkErr(t, err, c.code) && got != c.want {
				t.Errorf("FormatDateTime(%d, %q, %q) = %q, want %q", c.millis, c.picture, c.timezone, got, c.want)
			}
		})
	}
}

func TestParseDateTimeSuite(t *testing.T) {
	t.Parallel()
	cases := []struct {
		s, picture string
		want       int64
		ok         bool
		code       string
	}{
		{"1970-01-01T00:00:00.001Z", "", 1, true, ""},                                                          // case001.json#0
		{"2018-02-01T09:42:13.123+0000", "", 1517478133123, true, ""},                                          // case002.json#0
		{"2017-10-30", "", 1509321600000, true, ""},                                                            // case003.json#0
		{"2017-10-30T15:28:34Z", "", 1509377314000, true, ""},                                                  // case004.json#0
		{"foo", "", 0, false, "D3110"},                                                                         // case007.json#0
		{"01-02-2018", "", 0, false, "D3110"},                                                                  // case008.json#0
		{"2018-02-03 11:15:33", "", 0, false, "D3110"},                                                         // case009.json#0
		{"201802", "[Y0001][M01]", 1517443200000, true, ""},                                                    // case010.json#0
		{"201802", "[Y,*-4][M01]", 1517443200000, true, ""},                                                    // case011.json#0
		{"20180205", "[Y0001][M01][D01]", 1517788800000, true, ""},                                             // case012.json#0
		{"Hello", "Hello", 0, false, ""},                                                                       // parseDateTime.json#1
		{"2018", "[Y1]", 1514764800000, true, ""},                                                              // parseDateTime.json#2
		{"2018-03-27", "[Y1]-[M01]-[D01]", 1522108800000, true, ""},                                            // parseDateTime.json#3
		{"2018-03-27T14:03:00.123Z", "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001]Z", 1522159380123, true, ""}, // parseDateTime.json#4
		{"27th 3 1976", "[D1o] [M#1] [Y0001]", 196732800000, true, ""},                                         // parseDateTime.json#5
		{"21st 12 1881", "[D1o] [M01] [Y0001]", -2777932800000, true, ""},                                      // parseDateTime.json#6
		{"2nd 12 2012", "[D1o] [M01] [Y0001]", 1354406400000, true, ""},                                        // parseDateTime.json#7
		{"MCMLXXXIV", "[YI]", 441763200000, true, ""},                                                          // parseDateTime.json#8
		{"27 03 MMXVIII", "[D1] [M01] [YI]", 1522108800000, true, ""},                                          // parseDateTime.json#9
		{"27 iii MMXVIII", "[D1] [Mi] [YI]", 1522108800000, true, ""},                                          // parseDateTime.json#10
		{"w C mmxviii", "[Da] [MA] [Yi]", 1521763200000, true, ""},                                             // parseDateTime.json#11
		{"ae C mmxviii", "[Da] [MA] [Yi]", 1522454400000, true, ""},                                            // parseDateTime.json#12
		{"27th April 2008", "[D1o] [MNn] [Y0001]", 1209254400000, true, ""},                                    // parseDateTime.json#13
		{"21 August 2017", "[D1] [MNn] [Y0001]", 1503273600000, true, ""},                                      // parseDateTime.json#14
		{"2 Feb 2012", "[D1] [MNn,3-3] [Y0001]", 1328140800000, true, ""},                                      // parseDateTime.json#15
		{"one thousand, nine hundred and eighty-four", "[Yw]", 441763200000, true, ""},                         // parseDateTime.json#16
		{"nineteen hundred and eighty-four", "[Yw]", 441763200000, true, ""},                                   // parseDateTime.json#17
		{"twenty-seven April 2008", "[Dw] [MNn] [Y0001]", 1209254400000, true, ""},                             // parseDateTime.json#18
		{"twenty-seventh April 2008", "[Dw] [MNn] [Y0001]", 1209254400000, true, ""},                           // parseDateTime.json#19
		{"twenty-first August two thousand and seventeen", "[Dw] [MNn] [Yw]", 1503273600000, true, ""},         // parseDateTime.json#20
		{"TWENTY-SECOND August two thousand and seventeen", "[DW] [MNn] [Yw]", 1503360000000, true, ""},        // parseDateTime.json#21
		{"Twentieth of August, two thousand and seventeen", "[DW] of [MNn], [Yw]", 1503187200000, true, ""},    // parseDateTime.json#22
		{"4/4/2018 12:06 am", "[D1]/[M1]/[Y0001] [h]:[m] [P]", 1522800360000, true, ""},                        // parseDateTime.json#23
		{"4/4/2018 06:30 am", "[D1]/[M1]/[Y0001] [h]:[m] [P]", 1522823400000, true, ""},                        // parseDateTime.json#24
		{"4/4/2018 12:06 pm", "[D1]/[M1]/[Y0001] [h]:[m] [P]", 1522843560000, true, ""},                        // parseDateTime.json#25
		{"4/4/2018 11:30 pm", "[D1]/[M1]/[Y0001] [h]:[m] [P]", 1522884600000, true, ""},                        // parseDateTime.json#26
		{"2018-094", "[Y0001]-[d001]", 1522800000000, true, ""},                                                // parseDateTime.json#27
		{"irrelevent string", "[Y]-[M]-[D]", 0, false, ""},                                                     // parseDateTime.json#34
		{"2018-05-22", "[Y]-[M]-[q]", 0, false, "D3132"},                                                       // parseDateTime.json#35
		{"2018-05-22", "[YN]-[M]-[D]", 0, false, "D3133"},                                                      // parseDateTime.json#36
		{"2018-22", "[Y]-[D]", 0, false, "D3136"},                                                              // parseDateTime.json#37
		{"5-22 23:59", "[M]-[D] [m]:[s]", 0, false, "D3136"},                                                   // parseDateTime.json#38
		{"2018-3-2-5", "[X]-[x]-[w]-[F1]", 0, false, "D3136"},                                                  // parseDateTime.json#39
		{"2018-32-5", "[X]-[W]-[F1]", 0, false, "D3136"},                                                       // parseDateTime.json#40
	}
	for _, c := range cases {
		t.Run(c.s+"|"+c.picture, func(t *testing.T) {
			t.Parallel()
			got, ok, err := ParseDateTime(c.s, c.picture, testNow)
			if !checkErr(t, err, c.code) {
				return
			}
			if ok != c.ok || got != c.want {
				t.Errorf("ParseDateTime(%q, %q) = %d, %v; want %d, %v", c.s, c.picture, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestFormatBaseSuite(t *testing.T) {
	t.Parallel()
	cases := []struct {
		x, radix float64
		want     string
		code     string
	}{
		{100, 10, "100", ""},       // case000.json
		{100, 2, "1100100", ""},    // case002.json
		{-100, 2, "-1100100", ""},  // case003.json
		{100, 36, "2s", ""},        // case004.json
		{99.5, 2.5, "1100100", ""}, // case005.json
		{100, 1, "", "D3100"},      // case006.json
		{100, 37, "", "D3100"},     // case007.json
	}
	for _, c := range cases {
		got, err := FormatBase(c.x, c.radix)
		if checkErr(t, err, c.code) && got != c.want {
			t.Errorf("FormatBase(%v, %v) = %q, want %q", c.x, c.radix, got, c.want)
		}
	}
}
