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
        return Infrastructure.WritableFolder.Problem(folder, Infrastructure.WritableFolder.Shared) is { } problem
            ? ValidateOptionsResult.Fail($"Uploads:Path '{folder}' cannot be written by the shop ({problem}).")
            : ValidateOptionsResult.Success;
    }
}
