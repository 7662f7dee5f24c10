using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Ties a refused field to its message for assistive technology: the field says it is invalid (<c>aria-invalid</c>)
/// and is described by its message (<c>aria-describedby</c>, beside any hint it already names), and the message
/// (<c>asp-validation-for</c>) gets the id that points at. The framework marks both only with classes, which a screen
/// reader does not read. Runs after the framework's own input and validation tag helpers.
/// </summary>
[HtmlTargetElement("input", Attributes = For)]
[HtmlTargetElement("select", Attributes = For)]
[HtmlTargetElement("textarea", Attributes = For)]
[HtmlTargetElement("span", Attributes = MessageFor)]
public sealed class InvalidFieldTagHelper : TagHelper
{
    private const string For = "asp-for";
    private const string MessageFor = "asp-validation-for";

    [HtmlAttributeName(For)]
    public ModelExpression? Field { get; set; }

    [HtmlAttributeName(MessageFor)]
    public ModelExpression? Message { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override int Order => 1000;

    /// <summary>The id of a field's message, from the field's full name ("Input.Email" → "Input_Email-error").</summary>
    public static string MessageId(string fullName) => TagBuilder.CreateSanitizedId(fullName, "_") + "-error";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var expression = Message ?? Field;
        if (expression is null)
        {
            return;
        }

        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(expression.Name);
        if (!ViewContext.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0)
        {
            return;
        }

        var id = MessageId(name);
        if (Message is not null)
        {
            output.Attributes.SetAttribute("id", id);
            return;
        }

        output.Attributes.SetAttribute("aria-invalid", "true");
        var described = output.Attributes.TryGetAttribute("aria-describedby", out var hint) && hint.Value?.ToString() is { Length: > 0 } hints
            ? $"{id} {hints}"
            : id;
        output.Attributes.SetAttribute("aria-describedby", described);
    }
}
