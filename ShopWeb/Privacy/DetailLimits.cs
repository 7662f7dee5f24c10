namespace ShopWeb.Privacy;

/// <summary>The longest value each saved detail may hold, shared by the forms and the database columns.</summary>
public static class DetailLimits
{
    public const int Name = 100;
    public const int Phone = 32;
    public const int Line = 200;
    public const int City = 100;
    public const int PostalCode = 20;
}
