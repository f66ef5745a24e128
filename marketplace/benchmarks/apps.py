from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "marketplace.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
