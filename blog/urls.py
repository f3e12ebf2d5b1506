from django.urls import path

from . import comment_views, member_views, views

app_name = "blog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("articles/<slug:slug>/save/", member_views.save, name="save"),
    path("category/<slug:slug>/follow/", member_views.follow, name="follow"),
    path(
        "articles/<slug:slug>/comments/<int:pk>/reply/",
        comment_views.comment_reply,
        name="comment-reply",
    ),
    path(
        "articles/<slug:slug>/comments/<int:pk>/edit/",
        comment_views.comment_edit_view,
        name="comment-edit",
    ),
    path(
        "articles/<slug:slug>/comments/<int:pk>/delete/",
        comment_views.comment_delete_view,
        name="comment-delete",
    ),
    path("comments/mine/", comment_views.MyCommentsView.as_view(), name="my-comments"),
]
