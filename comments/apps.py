from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from core.cache import watch

        from .models import Comment

        watch(Comment)

        from django.db.models.signals import post_delete, post_save

        from .services import on_comment_changed

        post_save.connect(on_comment_changed, sender=Comment, dispatch_uid="comment-count")
        post_delete.connect(on_comment_changed, sender=Comment, dispatch_uid="comment-count")
