using System.Net;

namespace ShopWeb.Tests.Infrastructure;

public sealed class FormHelperTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Submits_a_real_form_with_its_antiforgery_token_and_cookie()
    {
        using var browser = factory.CreateBrowser();
        var form = await browser.GetAsync(ProbeEndpoints.FormPath);

        var result = await browser.SubmitAsync(form, "#probe", new Dictionary<string, string>
        {
            ["Name"] = "Zoë Ångström 東京",
            ["Remember"] = "true",
            ["Size"] = "M",
            ["Note"] = "two\nlines",
        }, button: "Save");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("Zoë Ångström 東京", Posted(result, "Name"));
        Assert.Equal("true", Posted(result, "Remember"));
        Assert.Equal("M", Posted(result, "Size"));
        Assert.Equal("two\nlines", Posted(result, "Note"));
        Assert.Equal("save", Posted(result, "Action"));
    }

    [Fact]
    public async Task Keeps_the_values_already_in_the_form_and_leaves_unchecked_boxes_out()
    {
        using var browser = factory.CreateBrowser();
        var form = await browser.GetAsync(ProbeEndpoints.FormPath);

        var result = await browser.SubmitAsync(form, "#probe");

        Assert.Equal("preset", Posted(result, "Name"));
        Assert.Equal("S", Posted(result, "Size"));
        Assert.Null(result.Find("[data-name=Remember]"));
    }

    [Fact]
    public async Task Posts_tampered_values_as_given()
    {
        using var browser = factory.CreateBrowser();
        var form = await browser.GetAsync(ProbeEndpoints.FormPath);

        var result = await browser.SubmitAsync(form, "#probe", new Dictionary<string, string> { ["Remember"] = "banana", ["Size"] = "XXL" });

        Assert.Equal("banana", Posted(result, "Remember"));
        Assert.Equal("XXL", Posted(result, "Size"));
    }

    [Fact]
    public async Task A_form_sent_without_the_antiforgery_cookie_it_was_issued_with_is_refused()
    {
        using var issuedTo = factory.CreateBrowser();
        using var stranger = factory.CreateBrowser();
        var form = await issuedTo.GetAsync(ProbeEndpoints.FormPath);

        var result = await stranger.SubmitAsync(form, "#probe");

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
    }

    private static string? Posted(HtmlPage page, string name) => page.Find($"[data-name={name}]")?.TextContent;
}
