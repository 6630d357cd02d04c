using Microsoft.Extensions.Logging;
using PipelineExtensions.Data;

namespace PipelineExtensions.Augmentation;

/// <summary>
/// A folder of images with one subfolder per class (torchvision's <c>ImageFolder</c>, Keras'
/// <c>image_dataset_from_directory</c>): classes are the subfolder names in ordinal order, images are read from
/// every subfolder (recursively) in ordinal path order.
/// </summary>
internal static class ImageFolderLoader
{
    public static DataTable Load(string folder, ImageFolderOptions options, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Image folder '{folder}' does not exist.");
        var extensions = new HashSet<string>(options.Extensions.Select(e => e.StartsWith('.') ? e : "." + e), StringComparer.OrdinalIgnoreCase);
        var classes = Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
            throw new ArgumentException($"Image folder '{folder}' has no subfolders; put the images of each class in a subfolder named after the class.", nameof(folder));
        int loose = Directory.GetFiles(folder).Count(f => extensions.Contains(Path.GetExtension(f)));
        if (loose > 0)
            logger.LogWarning("{Count} images directly in '{Folder}' are ignored: only images inside class subfolders are loaded.", loose, folder);

        var paths = new List<string>();
        var labels = new List<int>();
        for (int c = 0; c < classes.Length; c++)
        {
            var files = Directory.GetFiles(Path.Combine(folder, classes[c]), "*", SearchOption.AllDirectories)
                .Where(f => extensions.Contains(Path.GetExtension(f)))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                paths.Add(file);
                labels.Add(c);
            }
        }
        if (paths.Count == 0)
            throw new ArgumentException($"Image folder '{folder}' has class subfolders ({string.Join(", ", classes)}) but no {string.Join("/", extensions)} files in them.", nameof(folder));

        var result = ImageLoader.Load(paths, options, logger, $"folder '{folder}'");
        var columns = new List<DataColumn>
        {
            new VectorColumn(options.ImageColumnName, result.Type, result.Data),
            new KeyColumn(options.LabelColumnName, new KeyType(classes), result.Kept.Select(i => labels[i]).ToArray()),
        };
        if (options.PathColumnName is not null)
            columns.Add(new TextColumn(options.PathColumnName, result.Kept.Select(i => (string?)paths[i]).ToArray()));
        return new DataTable(columns);
    }
}
