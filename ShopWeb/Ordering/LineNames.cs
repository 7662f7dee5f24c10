using ShopWeb.Data;

namespace ShopWeb.Ordering;

/// <summary>
/// How a cart or order line names what it holds beyond the product's name, for the cart, the checkout, the order
/// pages and the emails alike: its option text ("M / Blue") and its SKU. Order lines pass their own copies, never
/// the live variant, so a variant changed or deleted later changes no order.
/// </summary>
public static class LineNames
{
    /// <returns>"M / Blue · SKU TEE-M-BLUE", "SKU MUG" for a product without options, or empty.</returns>
    public static string Details(string optionText, string sku) =>
        string.Join(" · ", new[] { optionText, sku.Length == 0 ? "" : "SKU " + sku }.Where(p => p.Length > 0));

    /// <returns>"T-shirt (M / Blue), SKU TEE-M-BLUE", for plain text such as an email's.</returns>
    public static string Text(string productName, string optionText, string sku) =>
        VariantNames.Full(productName, optionText) + (sku.Length == 0 ? "" : ", SKU " + sku);
}
