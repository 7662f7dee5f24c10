using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Options;

namespace ShopWeb.Infrastructure;

/// <summary>
/// <c>&lt;cached-antiforgery-token /&gt;</c>, inside a form (with <c>asp-antiforgery="false"</c>) on a page the output
/// cache may share: the form's antiforgery token. A signed-in shopper's page is rendered for them alone and gets their
/// token as usual; an anonymous visitor's gets the <see cref="AntiforgeryHole"/>, filled with their own token on the way out
/// (<see cref="AntiforgeryHole.FormTokenFor"/>).
/// </summary>
[HtmlTargetElement("cached-antiforgery-token", TagStructure = TagStructure.WithoutEndTag)]
public sealed class CachedAntiforgeryTokenTagHelper(IOptions<AntiforgeryOptions> options, AntiforgeryHole hole) : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var http = ViewContext.HttpContext;

        // Inside a fragment being kept for everyone (Catalog/CatalogFragments): a marker, filled per response.
        var value = Catalog.CatalogFragments.IsRecording(http) ? Catalog.CatalogFragments.TokenMarker : hole.FormTokenFor(http);
        output.TagName = "input";
        output.TagMode = TagMode.SelfClosing;
        output.Attributes.SetAttribute("name", options.Value.FormFieldName);
        output.Attributes.SetAttribute("type", "hidden");
        output.Attributes.SetAttribute("value", value);
    }
}
