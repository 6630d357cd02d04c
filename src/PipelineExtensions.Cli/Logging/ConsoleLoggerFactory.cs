using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace PipelineExtensions.Cli.Logging;

/// <summary>
/// The commands' logging: Microsoft.Extensions.Logging, written through the Spectre console (so log lines and
/// live progress bars do not tear each other) as "level category: message".
/// </summary>
public static class ConsoleLoggerFactory
{
    /// <summary>
    /// A logger factory writing to <paramref name="console"/>: the command's own categories (<c>pipex.*</c>) from
    /// <paramref name="minimum"/> up; the library's (trainers log every epoch, which the progress bars already show)
    /// from warnings up, unless <paramref name="minimum"/> is Debug or lower.
    /// </summary>
    public static ILoggerFactory Create(IAnsiConsole console, LogLevel minimum) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimum)
            .AddFilter((category, level) => level >= (minimum <= LogLevel.Debug || category?.StartsWith("pipex", StringComparison.Ordinal) == true
                ? minimum
                : (LogLevel)Math.Max((int)minimum, (int)LogLevel.Warning)))
            .AddProvider(new SpectreLoggerProvider(console)));

    private sealed class SpectreLoggerProvider(IAnsiConsole console) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new SpectreLogger(console, ShortName(categoryName));

        public void Dispose()
        {
        }

        private static string ShortName(string category) => category[(category.LastIndexOf('.') + 1)..];
    }

    private sealed class SpectreLogger(IAnsiConsole console, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            string color = logLevel switch { >= LogLevel.Error => "red", LogLevel.Warning => "yellow", _ => "grey" };
            string text = formatter(state, exception) + (exception is null ? "" : " " + exception.Message);
            console.MarkupLine($"[{color}]{Level(logLevel)} {Markup.Escape(category)}:[/] {Markup.Escape(text)}");
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
