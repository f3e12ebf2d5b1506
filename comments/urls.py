from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("articles/<slug:slug>/comments/", views.ArticleCommentView.as_view(), name="post"),
    path("articles/<slug:slug>/comments/<int:pk>/reply/", views.comment_reply, name="reply"),
    path("articles/<slug:slug>/comments/<int:pk>/edit/", views.comment_edit_view, name="edit"),
    path(
        "articles/<slug:slug>/comments/<int:pk>/delete/", views.comment_delete_view, name="delete"
    ),
    path("comments/mine/", views.MyCommentsView.as_view(), name="mine"),
]
