from django.urls import path

from . import comment_views, feeds, member_views, views

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
    path("search/", views.SearchView.as_view(), name="search"),
    path("authors/<str:username>/", views.AuthorView.as_view(), name="author"),
    path("feeds/rss/", feeds.ArticlesRss(), name="feed-rss"),
    path("feeds/atom/", feeds.ArticlesAtom(), name="feed-atom"),
    path("category/<slug:slug>/feed/rss/", feeds.CategoryRss(), name="category-feed-rss"),
    path("category/<slug:slug>/feed/atom/", feeds.CategoryAtom(), name="category-feed-atom"),
    path("tag/<slug:slug>/feed/rss/", feeds.TagRss(), name="tag-feed-rss"),
    path("tag/<slug:slug>/feed/atom/", feeds.TagAtom(), name="tag-feed-atom"),
]
