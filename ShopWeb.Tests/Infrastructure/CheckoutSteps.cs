namespace ShopWeb.Tests.Infrastructure;

/// <summary>The checkout form, filled as a guest would.</summary>
public static class CheckoutSteps
{
    public static Dictionary<string, string> GuestFields(string email) => new()
    {
        ["Input.Email"] = email,
        ["Input.FullName"] = "Ada Guest",
        ["Input.Phone"] = "+44 20 7946 0000",
        ["Input.Address.Name"] = "Ada Guest",
        ["Input.Address.Line1"] = "1 Analytical Row",
        ["Input.Address.City"] = "London",
        ["Input.Address.PostalCode"] = "N1 9GU",
        ["Input.Address.Country"] = "GB",
        ["Input.Shipping"] = "Standard",
        ["Input.Payment"] = "PayOnDelivery",
    };

    public static async Task<HtmlPage> CheckoutAsync(this ShopBrowser browser, IReadOnlyDictionary<string, string>? fields = null)
    {
        var page = await browser.GetAsync("/checkout");
        return await browser.SubmitAsync(page, "#checkout", fields, button: "Place order");
    }
}
