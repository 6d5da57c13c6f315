from django.core.management.base import BaseCommand

from channels_intake.feeds.demo import demo_feed_server


class Command(BaseCommand):
    help = "Serve the sample partner feed pages on 127.0.0.1 for the demo feed sources."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args, port, **options):
        server = demo_feed_server(port)
        self.stdout.write(f"demo feeds on http://127.0.0.1:{port}/<partner>/orders (Ctrl-C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
