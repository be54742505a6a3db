from webshop.core.errors import Conflict, Forbidden, NotFound


class ReviewNotFound(NotFound):
    default_detail = "Review not found"


class AlreadyReviewed(Conflict):
    default_detail = "You have already reviewed this product; edit your review instead"


class NotYourReview(Forbidden):
    default_detail = "You can only change your own review"
