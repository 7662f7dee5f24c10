using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog;

/// <summary>
/// <c>&lt;catalog-fragment part="body"&gt;…&lt;/catalog-fragment&gt;</c>: a part of a catalog page that is the same for
/// every shopper (<see cref="CatalogFragments"/>). When the page model found the page kept, the part is written from
/// memory and its content is never run (it may read a model that was not loaded); otherwise it is rendered and recorded.
/// Either way each form token inside is this request's own (<see cref="AntiforgeryHole.FormTokenFor"/>).
/// </summary>
[HtmlTargetElement("catalog-fragment")]
public sealed class CatalogFragmentTagHelper(AntiforgeryHole hole) : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>The part's name, one per part of a page ("head", "body", "scripts").</summary>
    public string Part { get; set; } = "";

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        var http = ViewContext.HttpContext;
        string[] pieces;
        if (CatalogFragments.Served(http) is { } page)
        {
            pieces = page.Parts.TryGetValue(Part, out var kept) ? kept : [];
        }
        else
        {
            http.Items[CatalogFragments.InsideKey] = true; // the tokens inside are markers; the layout's are not
            string html;
            try
            {
                html = (await output.GetChildContentAsync()).GetContent();
            }
            finally
            {
                http.Items.Remove(CatalogFragments.InsideKey);
            }

            CatalogFragments.AddPart(http, Part, html);
            pieces = html.Split(CatalogFragments.TokenMarker);
        }

        output.Content.Clear();
        for (var i = 0; i < pieces.Length; i++)
        {
            if (i > 0)
            {
                output.Content.Append(hole.FormTokenFor(http));
            }

            output.Content.AppendHtml(pieces[i]);
        }
    }
}
