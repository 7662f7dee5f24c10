using Microsoft.Extensions.Options;

namespace ShopWeb.Admin;

/// <summary>
/// The uploads folder is made, and written to once, at start: one the shop cannot write would otherwise be found by
/// the first admin who uploads an image. Its contents are left alone.
/// </summary>
internal sealed class UploadFolderValidator(IHostEnvironment environment) : IValidateOptions<UploadOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return ValidateOptionsResult.Skip; // said by the section's own check
        }

        var folder = Path.GetFullPath(options.Path, environment.ContentRootPath);
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"Uploads:Path '{folder}' cannot be written by the shop ({ex.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.')}).");
        }
    }
}
