using System.Text;
using Microsoft.Extensions.Options;
using ShopWeb.Catalog;
using ShopWeb.Catalog.Csv;
using ShopWeb.Configuration;

namespace ShopWeb.Tests.Catalog.Csv;

/// <summary>Prices in the file are read in the shop's decimal notation: never multiplied, never rounded.</summary>
public sealed class CatalogCsvReaderTests
{
    [Theory]
    [InlineData("EUR", "12.9", 1290L)]
    [InlineData("EUR", "12.90", 1290L)]
    [InlineData("EUR", "12", 1200L)]
    [InlineData("EUR", "0.05", 5L)]
    [InlineData("JPY", "1200", 1200L)]
    [InlineData("JPY", "1200.0", 1200L)]
    [InlineData("EUR", "12,90", 1290L)]
    [InlineData("EUR", "0,5", 50L)]
    [InlineData("EUR", "0,500", 50L)]
    public async Task A_price_is_read_in_the_shops_notation(string currency, string text, long minor)
    {
        var (rows, problems) = await ReadAsync(currency, text);

        Assert.Empty(problems);
        Assert.Equal(minor, Assert.Single(rows).PriceMinor);
    }

    [Theory]
    [InlineData("EUR", "12.999", "use at most 2 decimals")]
    [InlineData("EUR", "-5", "enter a price such as 12.90")]
    [InlineData("EUR", "€12", "enter a price such as 12.90")]
    [InlineData("EUR", "1e3", "enter a price such as 12.90")]
    [InlineData("JPY", "12.5", "JPY has no decimals")]
    [InlineData("EUR", "1,200", "enter the price without a thousands separator, such as 12.90")]
    [InlineData("EUR", "1.200,50", "enter the price without a thousands separator, such as 12.90")]
    [InlineData("EUR", "1,200.50", "enter the price without a thousands separator, such as 12.90")]
    [InlineData("EUR", "1,200,000", "enter the price without a thousands separator, such as 12.90")]
    [InlineData("JPY", "1,200", "enter the price without a thousands separator, such as 1290")]
    public async Task A_price_the_shop_cannot_take_exactly_is_refused_with_its_line_and_column(string currency, string text, string message)
    {
        var (rows, problems) = await ReadAsync(currency, text);

        Assert.Empty(rows);
        var problem = Assert.Single(problems);
        Assert.Equal((2, "product_price"), (problem.Line, problem.Column));
        Assert.StartsWith(message, problem.Message);
    }

    [Fact]
    public async Task A_missing_required_column_and_an_unknown_one_are_reported_on_the_first_line()
    {
        var (rows, problems) = await ReadFileAsync("EUR", "sku,product_slug,product_name,price\r\nA,a,A,1\r\n");

        Assert.Empty(rows);
        Assert.Equal(["line 1, column price: unknown column", "line 1, column category: this column is missing.", "line 1, column product_price: this column is missing."],
            problems.Select(p => p.ToString().Split(':')[0] + (p.Message.StartsWith("unknown", StringComparison.Ordinal) ? ": unknown column" : ": " + p.Message)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // a pipe, as the command reads /dev/stdin: read once, it went unchecked and stored "Caf�"
    public async Task A_file_that_is_not_UTF8_is_refused_at_its_first_such_line_rather_than_stored_with_broken_letters(bool seekable)
    {
        const string Csv = "sku,product_slug,product_name,category,product_price\r\nA,a,Cafe,kitchen,1\r\nB,b,Café Crème,kitchen,2\r\n";
        var reader = new CatalogCsvReader(new Prices(Options.Create(new ShopOptions { Currency = "EUR" })));

        var (rows, problems) = await reader.ReadAsync(StreamOf(Encoding.Latin1.GetBytes(Csv), seekable));

        Assert.Empty(rows);
        var problem = Assert.Single(problems);
        Assert.Equal(3, problem.Line);
        Assert.StartsWith("the file is not UTF-8 text from this line", problem.Message);
        var (utf8Rows, none) = await reader.ReadAsync(StreamOf(Encoding.UTF8.GetBytes(Csv), seekable));
        Assert.Empty(none);
        Assert.Equal("Café Crème", utf8Rows[1].Name);
    }

    [Theory]
    [InlineData("sku", " =1+1")]
    [InlineData("option1_name", " =HYPERLINK(\"\"http://evil.test\"\")")]
    [InlineData("option1_value", " @SUM(1)")]
    [InlineData("product_name", "\tTee")]
    public async Task A_formula_behind_spaces_or_a_cell_starting_with_a_tab_is_refused_not_trimmed_into_a_formula(string column, string text)
    {
        var cells = new Dictionary<string, string> { ["sku"] = "T-S", ["product_name"] = "Tee", ["option1_name"] = "Size", ["option1_value"] = "S" };
        cells[column] = text;
        var (rows, problems) = await ReadFileAsync("EUR", "sku,product_slug,product_name,category,product_price,option1_name,option1_value\r\n"
            + $"\"{cells["sku"]}\",tee,\"{cells["product_name"]}\",kitchen,10,\"{cells["option1_name"]}\",\"{cells["option1_value"]}\"\r\n");

        Assert.Empty(rows);
        Assert.Equal((2, column), (Assert.Single(problems).Line, problems[0].Column));
        Assert.Contains("formula", problems[0].Message);
    }

    [Theory]
    [InlineData("ZW\u200B-1")] // looks like ZW-1
    [InlineData("\u202EEVIL-1")] // shown backwards
    [InlineData("BOM\uFEFF-1")]
    public async Task A_sku_with_an_invisible_character_is_refused(string sku)
    {
        var (rows, problems) = await ReadFileAsync("EUR", $"sku,product_slug,product_name,category,product_price\r\n{sku},mug,Mug,kitchen,10\r\n");

        Assert.Empty(rows);
        Assert.Equal("line 2, column sku: A SKU has no spaces, control characters or invisible characters.", Assert.Single(problems).ToString());
    }

    [Theory]
    [InlineData("1000001")]
    [InlineData("2147483647")] // the variants added after it count on from it: it overflowed
    public async Task A_position_past_a_million_is_refused(string position)
    {
        var (rows, problems) = await ReadFileAsync("EUR", $"sku,product_slug,product_name,category,product_price,position\r\nMUG,mug,Mug,kitchen,10,{position}\r\n");

        Assert.Empty(rows);
        Assert.Equal("line 2, column position: enter the position as a whole number from 0 to 1,000,000.", Assert.Single(problems).ToString());
    }

    [Fact]
    public async Task Lines_are_counted_as_a_spreadsheet_shows_them_with_line_breaks_inside_quoted_cells()
    {
        var (_, problems) = await ReadFileAsync("EUR",
            "sku,product_slug,product_name,description,category,product_price\r\nA,a,A,\"two\r\nlines\nand three\",kitchen,1\r\nB,b,B,,kitchen,x\r\n\r\nC,c,C,,kitchen,y\r\n");

        // B is row 3 of a spreadsheet (the header is row 1), C row 5 after an empty row; in the text, lines 5 and 7.
        Assert.Equal([(3, "product_price"), (5, "product_price")], problems.Select(p => (p.Line, p.Column)));
    }

    [Fact]
    public async Task Two_options_of_one_name_are_refused_as_on_the_products_options_page()
    {
        var (rows, problems) = await ReadFileAsync("EUR",
            "sku,product_slug,product_name,category,product_price,option1_name,option1_value,option2_name,option2_value\r\nT-S-RED,tee,Tee,kitchen,10,Size,S,size,Red\r\n");

        Assert.Empty(rows);
        Assert.Equal("line 2, column option2_name: option1_name is already called size: give each option its own name.", Assert.Single(problems).ToString());
    }

    [Theory]
    [InlineData("product_name", "Tee\u202Eeet")]
    [InlineData("option1_value", "S\u0007")]
    public async Task A_name_or_an_option_value_with_control_characters_is_refused(string column, string text)
    {
        var cells = new Dictionary<string, string> { ["product_name"] = "Tee", ["option1_value"] = "S" };
        cells[column] = text;
        var (rows, problems) = await ReadFileAsync("EUR",
            $"sku,product_slug,product_name,category,product_price,option1_name,option1_value\r\nT-S,tee,{cells["product_name"]},kitchen,10,Size,{cells["option1_value"]}\r\n");

        Assert.Empty(rows);
        Assert.Equal($"line 2, column {column}: remove the invisible control characters from this field.", Assert.Single(problems).ToString());
    }

    [Fact]
    public async Task An_option_name_too_long_is_one_problem_not_also_one_of_order()
    {
        var (_, problems) = await ReadFileAsync("EUR",
            $"sku,product_slug,product_name,category,product_price,option1_name,option1_value,option2_name,option2_value\r\nT-S-RED,tee,Tee,kitchen,10,{new string('x', 200)},S,Colour,Red\r\n");

        Assert.Equal((2, "option1_name"), (Assert.Single(problems).Line, problems[0].Column));
        Assert.StartsWith("use at most", problems[0].Message);
    }

    [Theory]
    [InlineData("1000001")]
    [InlineData("2147483647")] // a product's listings add its variants' stock up: three of these overflowed them
    public async Task A_stock_above_what_the_grid_takes_is_refused_as_the_grid_refuses_it(string stock)
    {
        var (rows, problems) = await ReadFileAsync("EUR", $"sku,product_slug,product_name,category,product_price,stock\r\nMUG,mug,Mug,kitchen,10,{stock}\r\n");

        Assert.Empty(rows);
        Assert.Equal("line 2, column stock: enter a stock from 0 to 1,000,000.", Assert.Single(problems).ToString());
    }

    [Theory]
    [InlineData("/../../etc/passwd")]
    [InlineData("/images/products/../../secret.svg")]
    [InlineData("/images/%2e%2e/secret.svg")]
    public async Task An_image_path_that_climbs_out_of_its_folder_is_refused(string path)
    {
        var (rows, problems) = await ReadFileAsync("EUR", $"sku,product_slug,product_name,category,product_price,image\r\nMUG,mug,Mug,kitchen,10,{path}\r\n");

        Assert.Empty(rows);
        Assert.Equal((2, "image"), (Assert.Single(problems).Line, problems[0].Column));
    }

    [Fact]
    public async Task A_sku_is_kept_trimmed_and_composed_as_the_grid_keeps_it()
    {
        var (rows, problems) = await ReadFileAsync("EUR", "sku,product_slug,product_name,category,product_price\r\n CAFE\u0301-W ,cafe,Cafe,kitchen,10\r\n");

        Assert.Empty(problems);
        Assert.Equal("CAF\u00C9-W", Assert.Single(rows).Sku);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // a pipe: it was copied to a temporary file for as long as it gave bytes, filling the disk
    public async Task A_file_past_64_MB_is_refused_at_the_line_where_it_passes_it_and_an_endless_one_is_not_read_on(bool seekable)
    {
        var line = Encoding.UTF8.GetBytes("SKU-1,slug,A name of some length,kitchen,12.90\n");
        var reader = new CatalogCsvReader(new Prices(Options.Create(new ShopOptions { Currency = "EUR" })));
        await using var endless = new EndlessStream(line, seekable);

        var (rows, problems) = await reader.ReadAsync(endless);

        Assert.Empty(rows);
        var problem = Assert.Single(problems);
        Assert.Equal("the file is larger than 64 MB from this line: split it in parts.", problem.Message);
        Assert.Equal(CatalogCsvReader.MaxBytes / line.Length + 1, problem.Line);
        Assert.True(endless.Given <= CatalogCsvReader.MaxBytes + (2 * 64 * 1024), $"read {endless.Given:N0} bytes");
    }

    [Fact]
    public async Task A_line_past_a_megabyte_is_said_to_be_too_long_not_badly_quoted()
    {
        var (rows, problems) = await ReadFileAsync("EUR",
            $"sku,product_slug,product_name,description,category,product_price\r\nA,a,A,ok,kitchen,1\r\nB,b,B,{new string('x', 1_100_000)},kitchen,1\r\n");

        Assert.Equal("A", Assert.Single(rows).Sku); // read before it; a file with a problem changes nothing (CatalogCsvImport)
        var problem = Assert.Single(problems);
        Assert.Equal(3, problem.Line);
        Assert.Equal("the line is longer than 1 MB of text: no cell of the catalog is that long (is a closing quote missing?).", problem.Message);
    }

    /// <summary>A device or a pipe that never ends (/dev/zero, <c>yes |</c>): the same line over and over.</summary>
    private sealed class EndlessStream(byte[] line, bool seekable) : Stream
    {
        public long Given { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => seekable;

        public override bool CanWrite => false;

        public override long Length => 0; // what /dev/zero says

        public override long Position { get => Given; set => Given = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = line[(Given + i) % line.Length];
            }

            Given += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = offset;

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static Stream StreamOf(byte[] bytes, bool seekable) => seekable ? new MemoryStream(bytes) : new OneWayStream(bytes);

    /// <summary>A pipe's stream: read once, front to back.</summary>
    private sealed class OneWayStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private static Task<(List<CatalogCsvRow> Rows, List<CatalogCsvProblem> Problems)> ReadAsync(string currency, string price) =>
        ReadFileAsync(currency, $"sku,product_slug,product_name,category,product_price\r\nMUG,mug,Mug,kitchen,\"{price}\"\r\n");

    private static async Task<(List<CatalogCsvRow> Rows, List<CatalogCsvProblem> Problems)> ReadFileAsync(string currency, string csv)
    {
        var reader = new CatalogCsvReader(new Prices(Options.Create(new ShopOptions { Currency = currency })));
        return await reader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
    }
}
