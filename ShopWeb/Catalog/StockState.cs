namespace ShopWeb.Catalog;

/// <summary>How the shop words a product's stock.</summary>
public static class StockState
{
    public const int LowStock = 3;

    public static string Describe(int stock) => stock switch
    {
        <= 0 => "Out of stock",
        <= LowStock => $"Only {stock} left",
        _ => "In stock",
    };
}
