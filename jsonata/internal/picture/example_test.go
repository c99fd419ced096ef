package picture_test

import (
	"fmt"

	"github.com/workflowbuilder/wfb/jsonata/internal/picture"
)

func ExampleFormatInteger() {
	for _, p := range []string{"#,##0", "0001", "w;o", "I", "A"} {
		s, _ := picture.FormatInteger(1984, p)
		fmt.Println(s)
	}
	// Output:
	// 1,984
	// 1984
	// one thousand, nine hundred and eighty-fourth
	// MCMLXXXIV
	// BXH
}

func ExampleParseInteger() {
	v, ok, _ := picture.ParseInteger("twenty-third", "w;o")
	fmt.Println(v, ok)
	_, ok, _ = picture.ParseInteger("23rd", "w")
	fmt.Println(ok)
	// Output:
	// 23 true
	// false
}

func ExampleFormatNumber() {
	s, _ := picture.FormatNumber(1234.5678, "#,##0.00", nil)
	fmt.Println(s)
	s, _ = picture.FormatNumber(-0.042, "0.0%;(0.0%)", nil)
	fmt.Println(s)
	opts := picture.DefaultDecimalFormat()
	opts.Set("decimal-separator", ",")
	opts.Set("grouping-separator", ".")
	s, _ = picture.FormatNumber(1234.5678, "#.##0,00", &opts)
	fmt.Println(s)
	_, err := picture.FormatNumber(1, "#.0.0", nil)
	fmt.Println(err.(*picture.Error).Code)
	// Output:
	// 1,234.57
	// (4.2%)
	// 1.234,57
	// D3081
}

func ExampleFormatDateTime() {
	const ms = 1521801216617
	s, _ := picture.FormatDateTime(ms, "", "")
	fmt.Println(s)
	s, _ = picture.FormatDateTime(ms, "[FNn], [D1o] [MNn] [Y] at [h]:[m01] [P]", "-0500")
	fmt.Println(s)
	// Output:
	// 2018-03-23T10:33:36.617Z
	// Friday, 23rd March 2018 at 5:33 am
}

func ExampleParseDateTime() {
	now := int64(0) // $now(), used only for components the picture omits
	ms, ok, _ := picture.ParseDateTime("23rd March 2018 10:33 pm", "[D1o] [MNn] [Y] [h]:[m] [P]", now)
	fmt.Println(ms, ok)
	ms, ok, _ = picture.ParseDateTime("2018-03-23T10:33:36.617+01:00", "", now)
	fmt.Println(ms, ok)
	// Output:
	// 1521844380000 true
	// 1521797616617 true
}

func ExampleFormatBase() {
	s, _ := picture.FormatBase(255, 16)
	fmt.Println(s)
	// Output: ff
}
