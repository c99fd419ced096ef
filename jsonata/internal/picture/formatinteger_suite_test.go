package picture

import "testing"

// TestFormatIntegerSuite holds every function-formatInteger case of the
// JSONata suite that calls $formatInteger with literal arguments (the one
// other case passes undefined, which the engine handles).
func TestFormatIntegerSuite(t *testing.T) {
	t.Parallel()
	cases := []struct {
		n       float64
		picture string
		want    string
		code    string
	}{
		{123, "000", "123", ""},                                     // #1
		{123, "0000", "0123", ""},                                   // #2
		{-3, "0000", "-0003", ""},                                   // #3
		{1234, "0;c", "1234", ""},                                   // #4
		{1234, "###0", "1234", ""},                                  // #5
		{12, "###0", "12", ""},                                      // #6
		{12.6, "###0", "12", ""},                                    // #7
		{123, "000;o", "123rd", ""},                                 // #8
		{1, "0;o", "1st", ""},                                       // #9
		{28, "#0;o", "28th", ""},                                    // #10
		{1234, "###0;o", "1234th", ""},                              // #11
		{12, "###0;o", "12th", ""},                                  // #12
		{12340, "###١", "١٢٣٤٠", ""},                                // #13
		{12340, "###０", "１２３４０", ""},                                // #14
		{12340, "##0０", "", "D3131"},                                // #15
		{12, "#,##0", "12", ""},                                     // #16
		{1200, "#,##0", "1,200", ""},                                // #17
		{120000, "#,##0", "120,000", ""},                            // #18
		{12345678, "#,##0", "12,345,678", ""},                       // #19
		{1234567890, "#,##0", "1,234,567,890", ""},                  // #20
		{1234567890, "#,###,##0", "1,234,567,890", ""},              // #21
		{1234567890, "#:###,##0", "1234:567,890", ""},               // #22
		{1234567890, "##,##,##0", "12345,67,890", ""},               // #23
		{0, "I", "", ""},                                            // #24
		{1984, "I", "MCMLXXXIV", ""},                                // #25
		{99, "i", "xcix", ""},                                       // #26
		{12, "w", "twelve", ""},                                     // #27
		{20, "w", "twenty", ""},                                     // #28
		{34, "w", "thirty-four", ""},                                // #29
		{99, "W", "NINETY-NINE", ""},                                // #30
		{100, "w", "one hundred", ""},                               // #31
		{555, "W", "FIVE HUNDRED AND FIFTY-FIVE", ""},               // #32
		{555, "Ww", "Five Hundred and Fifty-Five", ""},              // #33
		{919, "w", "nine hundred and nineteen", ""},                 // #34
		{730, "w", "seven hundred and thirty", ""},                  // #35
		{1000, "w", "one thousand", ""},                             // #36
		{3730, "w", "three thousand, seven hundred and thirty", ""}, // #37
		{327730, "w", "three hundred and twenty-seven thousand, seven hundred and thirty", ""},                                                                                               // #38
		{4327730, "w", "four million, three hundred and twenty-seven thousand, seven hundred and thirty", ""},                                                                                // #39
		{1000000000001, "w", "one trillion and one", ""},                                                                                                                                     // #40
		{1234567890123, "w", "one trillion, two hundred and thirty-four billion, five hundred and sixty-seven million, eight hundred and ninety thousand, one hundred and twenty-three", ""}, // #41
		{1000000000000000, "w", "one thousand trillion", ""},                                                                                                                                 // #42
		{1e+46, "w", "ten billion trillion trillion trillion", ""},                                                                                                                           // #43
		{1234567890123456, "w", "one thousand, two hundred and thirty-four trillion, five hundred and sixty-seven billion, eight hundred and ninety million, one hundred and twenty-three thousand, four hundred and fifty-six", ""}, // #44
		{12, "w;o", "twelfth", ""},                                                                   // #45
		{20, "w;o", "twentieth", ""},                                                                 // #46
		{34, "w;o", "thirty-fourth", ""},                                                             // #47
		{99, "W;o", "NINETY-NINTH", ""},                                                              // #48
		{100, "w;o", "one hundredth", ""},                                                            // #49
		{555, "W;o", "FIVE HUNDRED AND FIFTY-FIFTH", ""},                                             // #50
		{919, "w;o", "nine hundred and nineteenth", ""},                                              // #51
		{730, "w;o", "seven hundred and thirtieth", ""},                                              // #52
		{1000, "w;o", "one thousandth", ""},                                                          // #53
		{3731, "w;o", "three thousand, seven hundred and thirty-first", ""},                          // #54
		{327713, "w;o", "three hundred and twenty-seven thousand, seven hundred and thirteenth", ""}, // #55
		{4327732, "w;o", "four million, three hundred and twenty-seven thousand, seven hundred and thirty-second", ""}, // #56
		{1000000000001, "w;o", "one trillion and first", ""},                                                           // #57
		{1, "A", "A", ""},          // #58
		{12, "a", "l", ""},         // #59
		{26, "a", "z", ""},         // #60
		{27, "a", "aa", ""},        // #61
		{300, "A", "KN", ""},       // #62
		{123456, "A", "FZPH", ""},  // #63
		{123456, "α", "", "D3130"}, // #64
	}
	for _, c := range cases {
		t.Run(c.picture, func(t *testing.T) {
			t.Parallel()
			got, err := FormatInteger(c.n, c.picture)
			if checkErr(t, err, c.code) && got != c.want {
				t.Errorf("FormatInteger(%v, %q) = %q, want %q", c.n, c.picture, got, c.want)
			}
		})
	}
}
