using AngleSharp.Html.Dom;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>Sets form fields by name as a shopper (or a tampering client) would.</summary>
internal static class FormFiller
{
    public static void Fill(IHtmlFormElement form, IReadOnlyDictionary<string, string> fields)
    {
        foreach (var (name, value) in fields)
        {
            var named = form.Elements.Where(e => e.GetAttribute("name") == name).ToList();
            if (named.Count == 0)
            {
                throw new InvalidOperationException($"The form has no field named '{name}'.");
            }

            // ASP.NET renders a hidden "false" beside each checkbox; the checkbox is the field a shopper touches.
            var field = named.FirstOrDefault(e => e is IHtmlInputElement { Type: "checkbox" or "radio" }) ?? named[0];
            switch (field)
            {
                case IHtmlInputElement { Type: "checkbox" } box:
                    SetCheckbox(box, value);
                    break;
                case IHtmlInputElement { Type: "radio" } first:
                    var radios = named.OfType<IHtmlInputElement>().ToList();
                    if (radios.All(r => r.Value != value))
                    {
                        // Not one of the choices: post it as a tampering client would.
                        first.Value = value;
                    }

                    foreach (var radio in radios)
                    {
                        radio.IsChecked = radio.Value == value;
                    }

                    break;
                case IHtmlSelectElement select:
                    Select(select, value);
                    break;
                case IHtmlTextAreaElement area:
                    area.Value = value;
                    break;
                case IHtmlInputElement input:
                    input.Value = value;
                    break;
                default:
                    throw new InvalidOperationException($"Field '{name}' is a <{field.LocalName}>, which cannot be filled.");
            }
        }
    }

    private static void SetCheckbox(IHtmlInputElement box, string value)
    {
        if (value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Length == 0)
        {
            box.IsChecked = false;
            return;
        }

        // Anything other than true/on is a tampered value, posted as given.
        if (!value.Equals("true", StringComparison.OrdinalIgnoreCase) && !value.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            box.Value = value;
        }

        box.IsChecked = true;
    }

    private static void Select(IHtmlSelectElement select, string value)
    {
        var option = select.Options.FirstOrDefault(o => o.Value == value);
        if (option is null)
        {
            // Not one of the choices: add it, as a tampering client would post it.
            option = (IHtmlOptionElement)select.Owner!.CreateElement("option");
            option.Value = value;
            select.AddOption(option);
        }

        foreach (var other in select.Options)
        {
            other.IsSelected = false;
        }

        option.IsSelected = true;
    }
}
